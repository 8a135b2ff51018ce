// One real editor per test file: the sandbox server, code-server with the packaged extension on a
// scratch copy of the fixture workspace, and Chromium showing the workbench — plus the few
// gestures scenarios need (command palette, input boxes, notifications, hovers, status bar, logs).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import type { InstalledEditor } from '../../../scripts/editor-env.mjs' with { 'resolution-mode': 'import' };
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox';
import { installExtension, QUIET_WORKBENCH_SETTINGS, startCodeServer, writeUserSettings, type RunningCodeServer } from './code-server';
import { delay, freePort, killEverythingOnSignals, waitUntil } from './processes';
import { extensionManifest, packagedExtension, packagedFixtureExtension, repoRoot } from './vsix';
import { typeIntoMonacoInput } from './workbench';
import { copyFixtureWorkspace } from './workspace';

/** Screenshots of each editor in their own folder, e.g. test-results/editor/code-server-4.100.3/. */
export function screenshotDirOf(editor: Pick<InstalledEditor, 'codeServerVersion'>): string {
  return join(repoRoot, 'test-results', 'editor', `code-server-${editor.codeServerVersion}`);
}

/** Flags that keep Chromium from reaching out to the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const STEP_TIMEOUT_MS = 15_000;

killEverythingOnSignals();

export interface EditorOptions {
  /** Names the screenshots: test-results/editor/code-server-<version>/<scenario>.png. */
  scenario: string;
  /** Merged over the defaults (quiet workbench, gestix.serverUrl/account of the sandbox); undefined removes one. */
  settings?: Record<string, unknown>;
  sandbox?: SandboxOptions;
  /** Adds to the scratch copy of the fixture workspace before the editor opens it (e.g. .vscode/settings.json). */
  prepareWorkspace?: (workspace: string) => void;
  /** Opens the workspace untrusted, in Restricted Mode, without asking. */
  restrictedMode?: boolean;
  /** Test-only extensions (folders under test/editor/fixtures) installed next to the VSIX. */
  companionExtensions?: string[];
}

export class Editor {
  private stopped = false;

  private constructor(
    /** Which code-server (and so which VS Code) this is. */
    readonly installed: InstalledEditor,
    readonly scenarioName: string,
    readonly sandbox: RunningSandbox,
    readonly page: Page,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    private readonly scratch: string,
    private readonly browser: Browser,
    private readonly codeServer: RunningCodeServer,
  ) {}

  readonly extensionId = extensionIdOf();

  static async start(options: EditorOptions): Promise<Editor> {
    // GESTIX_EDITORS picks the editor (`npm test -- editor` runs the files once per editor).
    const { ensureEditorEnvironment, singleEditor } = await import('../../../scripts/editor-env.mjs');
    const installed = await ensureEditorEnvironment({ editor: singleEditor() });
    const vsix = await packagedExtension();

    const cleanups: (() => Promise<unknown>)[] = [];
    const scratch = mkdtempSync(join(tmpdir(), `gestix-editor-${options.scenario}-`));
    cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
    let page: Page | undefined;
    try {
      const sandbox = await startSandbox(options.sandbox);
      cleanups.push(() => sandbox.close());

      const profile = {
        codeServerBin: installed.codeServerBin,
        env: installed.env,
        userDataDir: join(scratch, 'user-data'),
        extensionsDir: join(scratch, 'extensions'),
      };
      const settings: Record<string, unknown> = {
        ...QUIET_WORKBENCH_SETTINGS,
        'gestix.serverUrl': sandbox.origin,
        'gestix.account': sandbox.account,
        ...(options.restrictedMode ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}),
        ...options.settings,
      };
      writeUserSettings(profile.userDataDir, JSON.parse(JSON.stringify(settings)) as Record<string, unknown>);
      await installExtension(profile, vsix);
      for (const companion of options.companionExtensions ?? []) await installExtension(profile, await packagedFixtureExtension(companion, scratch));
      const workspace = copyFixtureWorkspace(join(scratch, 'workspace'), { uniqueSeqNumbers: true });
      options.prepareWorkspace?.(workspace);

      const codeServer = await startCodeServer(profile, { port: await freePort(), workspace, workspaceTrust: options.restrictedMode === true });
      cleanups.push(() => codeServer.process.stop());

      const browser = await chromium.launch({ executablePath: installed.chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
      cleanups.push(() => browser.close());
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(codeServer.url, { timeout: 30_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForSelector('.statusbar', { timeout: 30_000 });
      // Until the extension host has started, the palette does not know the extension's commands.
      await waitUntil('the extension host to start', async () => /Eager extensions activated/.test(extensionHostLogOf(profile.userDataDir)), 60_000);

      return new Editor(installed, options.scenario, sandbox, page, workspace, profile.userDataDir, profile.extensionsDir, scratch, browser, codeServer);
    } catch (error) {
      if (page) await saveScreenshot(page, screenshotDirOf(installed), `${options.scenario}-start-failed`).catch(() => undefined);
      printLogTails(join(scratch, 'user-data'), extensionIdOf());
      for (const cleanup of cleanups.reverse()) await bounded(cleanup(), 15_000).catch(() => undefined);
      throw error;
    }
  }

  /** Stops Chromium, code-server (its whole process group) and the sandbox. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await bounded(this.browser.close(), 15_000).catch(() => undefined);
    await this.codeServer.process.stop();
    await bounded(this.sandbox.close(), 15_000).catch(() => undefined);
    if (!process.env.GESTIX_KEEP_EDITOR_FILES) rmSync(this.scratch, { recursive: true, force: true });
  }

  /**
   * Wraps a test body (call the result): on success saves <screenshot folder>/<name>.png; on
   * failure saves <name>-failed.png and prints the end of the extension host and Gestix logs.
   */
  scenario(name: string, body: () => Promise<void>): () => Promise<void> {
    return async () => {
      try {
        await body();
        await this.screenshot(name);
      } catch (error) {
        await this.screenshot(`${name}-failed`).catch(() => undefined);
        printLogTails(this.userDataDir, this.extensionId);
        throw error;
      }
    };
  }

  /**
   * Changes user settings while the editor runs (undefined removes one), as a person editing
   * settings.json would; the extension hears of it through onDidChangeConfiguration.
   */
  updateSettings(changes: Record<string, unknown>): void {
    const read = (file: string) => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {});
    const current = { ...read(join(this.userDataDir, 'User', 'settings.json')), ...read(join(this.userDataDir, 'Machine', 'settings.json')) };
    writeUserSettings(this.userDataDir, JSON.parse(JSON.stringify({ ...current, ...changes })) as Record<string, unknown>);
  }

  async screenshot(name = this.scenarioName): Promise<string> {
    return saveScreenshot(this.page, screenshotDirOf(this.installed), name);
  }

  // ---- command palette and input boxes ----

  private quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputField() {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  private async openPalette(query: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.quickInputField().waitFor({ state: 'visible' });
    await this.quickInputField().fill(`>${query}`);
  }

  private paletteRow(title: string) {
    return this.page.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
  }

  /**
   * Runs a command by its palette title ("Category: Title"), like a person pressing F1. The palette
   * does not refresh while open, so it is reopened until the command shows up.
   */
  async runCommand(title: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.openPalette(title);
      const row = this.paletteRow(title).first();
      if (await row.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false)) {
        await row.click();
        // The command's own quick pick reuses the palette's widget, and newer versions fill it a
        // moment after the click: until the palette's row is gone, its rows would pass for the pick's.
        await this.paletteRow(title).first().waitFor({ state: 'hidden' });
        return;
      }
      if (Date.now() > deadline) throw new Error(`The command palette does not offer "${title}"`);
    }
  }

  /** Whether the command palette offers exactly this title right now. */
  async paletteOffers(title: string): Promise<boolean> {
    await this.openPalette(title);
    const found = await this.paletteRow(title)
      .first()
      .waitFor({ state: 'visible', timeout: 3000 })
      .then(() => true, () => false);
    await this.page.keyboard.press('Escape');
    return found;
  }

  /** The input box currently shown (title, prompt, value and whether it hides what is typed). */
  async inputBox(): Promise<{ title: string; prompt: string; value: string; password: boolean }> {
    await this.quickInputField().waitFor({ state: 'visible' });
    const field = this.quickInputField();
    return {
      title: (await this.quickInput().locator('.quick-input-title').innerText().catch(() => '')).trim(),
      prompt: (await this.quickInput().locator('.quick-input-message').innerText().catch(() => '')).trim(),
      value: await field.inputValue(),
      password: (await field.getAttribute('type')) === 'password',
    };
  }

  /** Waits for an input box whose title matches, so a step is not confused with the one before it. */
  async waitForInputBox(title: RegExp): Promise<{ title: string; prompt: string; value: string; password: boolean }> {
    await this.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
    return this.inputBox();
  }

  /** Replaces the input box's text. With password: true, refuses to type unless the box hides its text. */
  async typeIntoInput(text: string, options: { password?: boolean } = {}): Promise<void> {
    const field = this.quickInputField();
    await field.waitFor({ state: 'visible' });
    if (options.password && (await field.getAttribute('type')) !== 'password') {
      throw new Error('Refusing to type a secret into an input box that shows its text');
    }
    await field.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
  }

  async pressEnter(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  // ---- notifications ----

  /** Text of the notification toasts on screen (pressing Escape hides them). */
  async notificationsText(): Promise<string> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    return (await toasts.allInnerTexts()).join('\n');
  }

  /** Waits until a notification toast matches and returns that toast's text. */
  async waitForNotification(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    let matched = '';
    await waitUntil(
      `a notification matching ${pattern}`,
      async () => {
        const texts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
        matched = texts.find((text) => pattern.test(text)) ?? '';
        return matched !== '';
      },
      timeoutMs,
    ).catch(async (error: Error) => {
      // A toast can be hidden before it is read (a focus change, another toast); the centre keeps it.
      const listed = await this.notificationCenterItems().catch(() => []);
      matched = listed.find((text) => pattern.test(text)) ?? '';
      if (matched === '') throw new Error(`${error.message}; notifications shown: ${JSON.stringify(await this.notificationsText())}; in the centre: ${JSON.stringify(listed)}`);
      await this.page.keyboard.press('Escape');
    });
    return matched;
  }

  /** Opens the notification centre (Escape hides toasts; the centre still lists them) and returns its text. */
  async showNotificationCenter(): Promise<string> {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.locator('.notification-list-item').first().waitFor({ state: 'visible' });
    return center.innerText();
  }

  /** The texts of the notification centre's items (opening the centre if needed). */
  async notificationCenterItems(): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const items = this.page.locator('.notifications-center .notification-list-item');
    await items.first().waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    return items.allInnerTexts();
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }

  // ---- editors, hovers, status bar, webviews ----

  /** Opens a workspace file by its path relative to the workspace folder (quick open). */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    await this.quickInputField().waitFor({ state: 'visible' });
    await this.quickInputField().fill(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row').filter({ has: this.page.locator('.label-name', { hasText: name }) });
    await row.first().waitFor({ state: 'visible' });
    await row.first().click();
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"], .tabs-container .tab.active[aria-label^="${name}"]`).first().waitFor({ state: 'visible' });
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /**
   * Moves the mouse onto the first occurrence of `token` in the active editor, scrolling it into
   * view with the find widget when it is off screen (e.g. past the right edge of a long line).
   */
  async hoverOver(token: string): Promise<void> {
    let point = await this.tokenPoint(token);
    if (!point?.inView) {
      await this.revealInEditor(token);
      point = await this.tokenPoint(token);
    }
    if (!point?.inView) throw new Error(`"${token}" is not visible in the active editor`);
    // The editor shows hovers on mouse movement, not on a pointer that appears in place.
    await this.page.mouse.move(point.x - 20, point.y);
    await this.page.mouse.move(point.x, point.y, { steps: 5 });
    await delay(200);
    await this.page.mouse.move(point.x + 1, point.y);
  }

  private async tokenPoint(token: string): Promise<{ x: number; y: number; inView: boolean } | undefined> {
    return (await this.page.evaluate(`(${TOKEN_POINT_IN_PAGE})(${JSON.stringify(token)})`)) as { x: number; y: number; inView: boolean } | undefined;
  }

  /** Selects the first match of `text` with the find widget, which scrolls it into view. */
  private async revealInEditor(text: string): Promise<void> {
    await this.page.locator('.part.editor .editor-instance .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+Home');
    await this.page.keyboard.press('Control+F');
    const findInput = this.page.locator('.part.editor .find-widget.visible .find-part textarea, .part.editor .find-widget.visible .find-part input').first();
    await findInput.waitFor({ state: 'visible' });
    await findInput.fill(text);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Escape');
    await this.page.locator('.part.editor .find-widget.visible').waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }

  /** Text of the hover that is showing, waiting for one to appear. */
  async hoverText(timeoutMs = STEP_TIMEOUT_MS): Promise<string> {
    const hover = this.page.locator('.monaco-hover:not(.hidden):visible').filter({ has: this.page.locator('.hover-contents, .hover-row') });
    await hover.first().waitFor({ state: 'visible', timeout: timeoutMs });
    return (await hover.first().innerText()).trim();
  }

  /** Opens the user Settings editor, searches for one setting and returns its input field. */
  async settingField(setting: string): Promise<Locator> {
    await this.runCommand('Preferences: Open User Settings');
    await typeIntoMonacoInput(this.page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor').first(), setting);
    const field = this.page.locator(`.settings-editor .setting-item-control input[aria-label="${setting}"]`).first();
    await field.waitFor({ state: 'visible' });
    return field;
  }

  /** Text of a status bar item by its id (as given to createStatusBarItem, with or without the extension id). */
  async statusBarItem(id: string): Promise<string | undefined> {
    for (const candidate of [id, `${this.extensionId}.${id}`]) {
      const item = this.page.locator(`.statusbar [id="${candidate}"]`);
      if ((await item.count()) > 0) return (await item.first().innerText()).trim();
    }
    return undefined;
  }

  /** The content frame of the active webview panel. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  // ---- logs ----

  /** The extension's LogOutputChannel as written to disk by the extension host. */
  outputChannelText(channel = 'Gestix'): string {
    return outputChannelTextOf(this.userDataDir, this.extensionId, channel);
  }

  async waitForOutputLine(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS, channel = 'Gestix'): Promise<string> {
    await waitUntil(`the ${channel} log to contain ${pattern}`, async () => pattern.test(this.outputChannelText(channel)), timeoutMs);
    return this.outputChannelText(channel).split('\n').find((line) => pattern.test(line)) ?? '';
  }

  /** The remote extension host's log (activation, errors thrown by extensions). */
  extensionHostLog(): string {
    return extensionHostLogOf(this.userDataDir);
  }

  /**
   * The palette titles ("Category: Title") of the commands the installed extension contributes,
   * with the `when` clause that limits where the palette offers them.
   */
  contributedCommands(): { command: string; title: string; paletteWhen?: string }[] {
    const folder = readdirSync(this.extensionsDir).find((entry) => entry.startsWith(`${this.extensionId}-`));
    if (!folder) throw new Error(`${this.extensionId} is not installed in ${this.extensionsDir}`);
    const manifest = extensionManifest(join(this.extensionsDir, folder));
    const paletteRules = manifest.contributes?.menus?.commandPalette ?? [];
    return (manifest.contributes?.commands ?? []).map((command) => ({
      command: command.command,
      title: command.category ? `${command.category}: ${command.title}` : command.title,
      paletteWhen: paletteRules.find((rule) => rule.command === command.command)?.when,
    }));
  }

  async waitForExtensionHostLog(pattern: RegExp, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
    await waitUntil(`the extension host log to contain ${pattern}`, async () => pattern.test(this.extensionHostLog()), timeoutMs);
  }

  /** Error entries of the extension host log that concern this extension (with their stack lines). */
  extensionErrors(): string[] {
    const entries: string[] = [];
    for (const line of this.extensionHostLog().split('\n')) {
      if (/^\d{4}-\d\d-\d\d /.test(line) || entries.length === 0) entries.push(line);
      else entries[entries.length - 1] += `\n${line}`;
    }
    return entries.filter((entry) => /\[error\]/.test(entry) && entry.includes(this.extensionId));
  }
}

/**
 * Runs in the page (this project compiles without DOM types, hence a string): the centre of the
 * middle character of the first rendered occurrence of a text in an editor, and whether that point
 * lies inside the editor's visible text area (a long line renders past its right edge).
 */
const TOKEN_POINT_IN_PAGE = `(wanted) => {
  for (const line of document.querySelectorAll('.part.editor .editor-instance .monaco-editor .view-line')) {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push(node);
      text += node.textContent;
    }
    const index = text.replace(/\u00a0/g, ' ').indexOf(wanted); // Monaco renders spaces as U+00A0
    if (index < 0) continue;
    const middle = index + Math.floor(wanted.length / 2);
    let offset = 0;
    for (const node of nodes) {
      const length = node.textContent.length;
      if (middle < offset + length) {
        const range = document.createRange();
        range.setStart(node, middle - offset);
        range.setEnd(node, middle - offset + 1);
        const box = range.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        const editor = line.closest('.monaco-editor');
        const scrollable = editor.querySelector('.editor-scrollable');
        const view = scrollable.getBoundingClientRect();
        // The minimap and the scrollbar sit on top of the right edge of the text area.
        const covers = [...editor.querySelectorAll('.minimap'), ...scrollable.querySelectorAll(':scope > .scrollbar.vertical')]
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0);
        const right = Math.min(view.right, ...covers.map((r) => r.left));
        const inView = x > view.left + 4 && x < right - 8 && y > view.top && y < view.bottom - 4;
        return { x, y, inView };
      }
      offset += length;
    }
  }
  return undefined;
}`;

function logFilesOf(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs, { recursive: true })
    .map((entry) => join(logs, String(entry)))
    .filter((file) => statSync(file).isFile())
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

function extensionHostLogOf(userDataDir: string): string {
  return logFilesOf(userDataDir)
    .filter((path) => /\/exthost\d*\/(remote)?exthost\.log$/.test(path))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

function outputChannelTextOf(userDataDir: string, extensionId: string, channel: string): string {
  const file = logFilesOf(userDataDir).filter((path) => path.includes(`/${extensionId}/`) && path.endsWith(`/${channel}.log`)).pop();
  return file ? readFileSync(file, 'utf8') : '';
}

function printLogTails(userDataDir: string, extensionId: string): void {
  console.error(`--- extension host log (end) ---\n${tail(extensionHostLogOf(userDataDir), 60)}`);
  console.error(`--- Gestix log (end) ---\n${tail(outputChannelTextOf(userDataDir, extensionId, 'Gestix'), 40)}`);
}

function extensionIdOf(): string {
  const { publisher, name } = extensionManifest();
  return `${publisher}.${name}`;
}

async function saveScreenshot(page: Page, folder: string, name: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, timeout: 10_000 });
  return path;
}

function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

