// The error panel as a keyboard and screen-reader user meets it: one live region (the headline),
// the keyboard on the headline when the panel opens, its actions as a labelled toolbar and in the
// editor title bar, and the settings for where it opens and whether it takes the keyboard.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';

const SOVOS_BODY = 'responses/sovos-format1-two-subcodes.json';

describe('the error panel', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'error-panel' });
  });
  after(async () => {
    await editor?.stop();
  });

  async function explain(file: string): Promise<void> {
    await editor.files.open(file);
    await editor.files.focus();
    await editor.files.selectAll();
    await editor.quickInput.runCommand('Gestix: Explain Error Response');
    await editor.panel.waitForHeadline();
  }

  async function waitForFocusOn(element: string): Promise<void> {
    await waitUntil(`the keyboard on the panel's ${element}`, async () => (await editor.panel.focusedElement()) === element, 10_000);
  }

  function editorGroups(): Promise<number> {
    return editor.page.locator('.part.editor .editor-group-container').count();
  }

  it(
    'opens beside with the keyboard on its headline, the only live region, and its actions in a labelled toolbar',
    () =>
      editor.scenario('error-panel-accessible', async () => {
        await explain(SOVOS_BODY);
        const panel = editor.panel;
        assert.equal(await editorGroups(), 2, 'beside the document');
        assert.deepEqual(await panel.liveRegions(), ['h1#headline[polite]'], 'a screen reader reads the headline, not the whole page, on each update');
        await waitForFocusOn('headline');

        const toolbar = panel.locator('[role="toolbar"]');
        assert.equal(await toolbar.getAttribute('aria-label'), 'Actions for this error');
        assert.deepEqual(await toolbar.locator('button').evaluateAll((buttons) => buttons.map((button) => [button.getAttribute('data-action'), (button as unknown as { tabIndex: number }).tabIndex])), [
          ['copySupportDetails', 0],
          ['openRawBody', -1],
        ], 'one Tab stop for the whole toolbar');
        await editor.page.keyboard.press('Tab');
        await waitForFocusOn('copySupportDetails');
        await editor.page.keyboard.press('ArrowRight');
        await waitForFocusOn('openRawBody');
        await editor.page.keyboard.press('Home');
        await waitForFocusOn('copySupportDetails');
        await editor.screenshot('error-panel-toolbar-focus');

        // A new failure replaces the page below the headline; the headline itself stays, so it is announced.
        await panel.locator('#headline').evaluate((headline) => headline.setAttribute('data-first-render', 'yes'));
        await editor.quickInput.runCommand('Gestix: Look Up Error Code');
        await editor.quickInput.waitForInputBox(/Look Up Error Code/);
        await editor.quickInput.type('DB_TIMEOUT');
        await editor.quickInput.accept();
        await panel.locator('h1', { hasText: 'DB_TIMEOUT' }).waitFor({ state: 'visible' });
        assert.equal(await panel.locator('#headline').getAttribute('data-first-render'), 'yes', 'the same headline element, with new text');
        assert.deepEqual(await panel.liveRegions(), ['h1#headline[polite]']);
        await waitForFocusOn('headline');
      })(),
  );

  it(
    "puts the failure's actions in the editor title bar while the panel is active",
    () =>
      editor.scenario('error-panel-title-bar', async () => {
        await explain(SOVOS_BODY);
        const panel = editor.panel;
        await panel.titleBarButton('Copy Support Details').waitFor({ state: 'visible' });
        assert.equal(await panel.titleBarButton('Sign In Again').count(), 0, 'only the actions this failure offers');
        assert.equal(await panel.titleBarButton('Retry Sending').count(), 0);
        await editor.screenshot('error-panel-title-bar');
        await panel.runTitleBarMenuItem('Open Response Body in Editor');
        await waitUntil('the body in an editor', async () => /SMAR-1004/.test(await editor.files.activeText().catch(() => '')), 10_000);
        assert.equal(await panel.titleBarButton('Copy Support Details').count(), 0, 'the buttons leave with the panel');
      })(),
  );

  it(
    'the settings open it in front of the document, or leave the keyboard in the editor',
    () =>
      editor.scenario('error-panel-placement', async () => {
        editor.updateSettings({ 'gestix.errorPanel.takeFocus': false });
        // The settings file is watched; give the new setting a moment to reach the extension.
        await delay(2000);
        await editor.quickInput.runCommand('View: Close All Editors');
        await explain(SOVOS_BODY);
        assert.equal(await editorGroups(), 2);
        await editor.files.waitForFocus();
        assert.equal(await editor.panel.focusedElement(), '', 'the page did not take the keyboard');
        await editor.screenshot('error-panel-keeps-focus');

        editor.updateSettings({ 'gestix.errorPanel.takeFocus': undefined, 'gestix.errorPanel.placement': 'active' });
        await delay(2000);
        await editor.quickInput.runCommand('View: Close All Editors');
        await explain(SOVOS_BODY);
        assert.equal(await editorGroups(), 1, 'in the group of the document');
        await editor.files.activeTabLabelled(/Gestix: HTTP 400/).waitFor({ state: 'visible' });
        await waitForFocusOn('headline');
      })(),
  );
});
