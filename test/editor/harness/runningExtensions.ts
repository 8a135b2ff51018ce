// Developer: Show Running Extensions, VS Code's own view of the extensions that were activated in
// this window and how long each took: loading its code plus running its activate(), in ms.
import type { Page } from 'playwright-core';
import type { QuickInput } from './quickInput';
import { waitUntil } from './processes';
import { STEP_TIMEOUT_MS } from './timeouts';

export interface RunningExtension {
  /** The display name, as the view shows it (e.g. "Git Base", "Gestix for VS Code"). */
  name: string;
  /** Undefined while it is still activating. */
  activationMs?: number;
  /** Whether the view says "Startup Activation" (activated while the window started) rather than "Activation". */
  atStartup: boolean;
}

/** Rows are 70 px high and only the visible ones are rendered: a tall page shows them all. */
const TALL_VIEWPORT = { width: 1440, height: 4000 };

export class RunningExtensions {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** Opens the view and reads every row. */
  async read(): Promise<RunningExtension[]> {
    await this.quickInput.runCommand('Developer: Show Running Extensions');
    const rows = this.page.locator('.runtime-extensions-editor .extension');
    await rows.first().waitFor({ state: 'visible' });
    const viewport = this.page.viewportSize();
    await this.page.setViewportSize(TALL_VIEWPORT);
    try {
      const texts = await rows.evaluateAll((elements) =>
        elements.map((element) => ({
          name: element.querySelector('.name')?.textContent?.trim() ?? '',
          time: element.querySelector('.activation-time')?.textContent?.trim() ?? '',
        })),
      );
      return texts.map(({ name, time }) => {
        const ms = /(\d+)\s*ms/.exec(time)?.[1];
        return { name, atStartup: /^Startup Activation/.test(time), ...(ms === undefined ? {} : { activationMs: Number(ms) }) };
      });
    } finally {
      if (viewport) await this.page.setViewportSize(viewport);
    }
  }

  /** Reads the view until each of `names` shows its activation time. */
  async waitForActivated(names: readonly string[], timeoutMs = STEP_TIMEOUT_MS): Promise<RunningExtension[]> {
    let rows: RunningExtension[] = [];
    await waitUntil(
      `${names.join(', ')} to show an activation time in Running Extensions`,
      async () => {
        rows = await this.read();
        return names.every((name) => rows.some((row) => row.name === name && row.activationMs !== undefined));
      },
      timeoutMs,
    );
    return rows;
  }
}
