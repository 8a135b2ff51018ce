// The Get Started page of the extension's walkthrough, its steps and the page shown beside them.
import type { Locator, Page } from 'playwright-core';
import { activeWebview } from './errorPanel';
import type { QuickInput } from './quickInput';

export class Walkthrough {
  constructor(
    private readonly page: Page,
    private readonly quickInput: QuickInput,
  ) {}

  /** Opens the walkthrough with Gestix: Get Started and waits for its steps. */
  async open(): Promise<void> {
    await this.quickInput.runCommand('Gestix: Get Started');
    await this.page.locator('.gettingStartedContainer .getting-started-step').first().waitFor({ state: 'visible' });
  }

  async text(): Promise<string> {
    return this.page.locator('.gettingStartedContainer').innerText();
  }

  private tick(stepId: string): Locator {
    return this.page.locator(`.getting-started-step[data-step-id$="#${stepId}"]`).first().locator('.codicon-getting-started-step-checked');
  }

  /** Which of `stepIds` are shown as done. */
  async tickedSteps(stepIds: readonly string[]): Promise<string[]> {
    const ticked: string[] = [];
    for (const id of stepIds) {
      if ((await this.tick(id).count()) > 0) ticked.push(id);
    }
    return ticked;
  }

  async waitForTicked(stepId: string): Promise<void> {
    await this.tick(stepId).waitFor({ state: 'attached', timeout: 15_000 });
  }

  /** Waits for the selected step's page (from media/walkthrough), shown beside the steps. */
  async waitForStepPage(): Promise<void> {
    await activeWebview(this.page).locator('h1').first().waitFor({ state: 'visible' });
  }
}
