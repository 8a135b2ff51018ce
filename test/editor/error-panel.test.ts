// The error panel as a keyboard and screen-reader user meets it: one live region (the headline),
// the keyboard on the headline when the panel opens, its actions as a labelled toolbar and in the
// editor title bar, and the settings for where it opens and whether it takes the keyboard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { waitUntil } from './harness/processes';

const SOVOS_BODY = 'responses/sovos-format1-two-subcodes.json';

async function explain(editor: Editor, file: string): Promise<void> {
  await editor.files.open(file);
  await editor.files.focus();
  await editor.files.selectAll();
  await editor.quickInput.runCommand('Gestix: Explain Error Response');
  await editor.panel.waitForHeadline();
}

async function waitForFocusOn(editor: Editor, element: string): Promise<void> {
  await waitUntil(`the keyboard on the panel's ${element}`, async () => (await editor.panel.focusedElement()) === element, 10_000);
}

function editorGroups(editor: Editor): Promise<number> {
  return editor.page.locator('.part.editor .editor-group-container').count();
}

describe('the error panel', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'error-panel' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'opens beside with the keyboard on its headline, the only live region, and its actions in a labelled toolbar',
    () =>
      editor.scenario('error-panel-accessible', async () => {
        await explain(editor, SOVOS_BODY);
        const panel = editor.panel;
        assert.equal(await editorGroups(editor), 2, 'beside the document');
        assert.deepEqual(await panel.liveRegions(), ['h1#headline[polite]'], 'a screen reader reads the headline, not the whole page, on each update');
        await waitForFocusOn(editor, 'headline');

        const toolbar = panel.locator('[role="toolbar"]');
        assert.equal(await toolbar.getAttribute('aria-label'), 'Actions for this error');
        assert.deepEqual(await toolbar.locator('button').evaluateAll((buttons) => buttons.map((button) => [button.getAttribute('data-action'), (button as unknown as { tabIndex: number }).tabIndex])), [
          ['copySupportDetails', 0],
          ['openRawBody', -1],
        ], 'one Tab stop for the whole toolbar');
        await editor.page.keyboard.press('Tab');
        await waitForFocusOn(editor, 'copySupportDetails');
        await editor.page.keyboard.press('ArrowRight');
        await waitForFocusOn(editor, 'openRawBody');
        await editor.page.keyboard.press('Home');
        await waitForFocusOn(editor, 'copySupportDetails');
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
        await waitForFocusOn(editor, 'headline');
      })(),
  );

  it(
    "puts the failure's actions in the editor title bar while the panel is active",
    () =>
      editor.scenario('error-panel-title-bar', async () => {
        await explain(editor, SOVOS_BODY);
        const panel = editor.panel;
        await panel.titleBarButton('Copy Support Details').waitFor({ state: 'visible' });
        assert.equal(await panel.titleBarButton('Sign In Again').count(), 0, 'only the actions this failure offers');
        assert.equal(await panel.titleBarButton('Retry Sending').count(), 0);
        await editor.screenshot('error-panel-title-bar');
        await panel.runTitleBarMenuItem('Open Response Body in Editor');
        await editor.files.waitForActiveText(/SMAR-1004/, 10_000);
        assert.equal(await panel.titleBarButton('Copy Support Details').count(), 0, 'the buttons are gone once the panel is not the active editor');
      })(),
  );
});

describe('the error panel, in front of the document and leaving the keyboard alone', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'error-panel-settings', settings: { 'gestix.errorPanel.placement': 'active', 'gestix.errorPanel.takeFocus': false } });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'opens in the group of the document and does not take the keyboard',
    () =>
      editor.scenario('error-panel-placement', async () => {
        await explain(editor, SOVOS_BODY);
        assert.equal(await editorGroups(editor), 1, 'in the group of the document');
        await editor.files.activeTabLabelled(/Gestix: HTTP 400/).waitFor({ state: 'visible' });
        assert.equal(await editor.panel.focusedElement(), '', 'the page did not take the keyboard');
        const focused = await editor.page.locator('body').evaluate((body) => body.ownerDocument.activeElement?.tagName ?? '');
        assert.notEqual(focused, 'IFRAME', 'nor did the webview');
      })(),
  );
});

describe('the error panel, beside the document and leaving the keyboard alone', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'error-panel-keeps-focus', settings: { 'gestix.errorPanel.takeFocus': false } });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'leaves the keyboard in the editor the person types in',
    () =>
      editor.scenario('error-panel-keeps-focus', async () => {
        await explain(editor, SOVOS_BODY);
        assert.equal(await editorGroups(editor), 2, 'beside the document');
        await editor.files.waitForFocus();
        assert.equal(await editor.panel.focusedElement(), '', 'the page did not take the keyboard');
      })(),
  );
});
