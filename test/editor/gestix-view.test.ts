// The Gestix view in the Activity Bar: Codes in This Log lists the codes of the active log by kind,
// with counts; a click goes to the line; an edit updates the list; with no log open, the welcome
// text offers the sample log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import type { TreeRow } from './harness/gestixView';

const VIEW = 'Codes in This Log';

/** `label description` of each row, e.g. `DB_TIMEOUT 1`. */
function shown(rows: TreeRow[]): string[] {
  return rows.map((row) => `${row.label} ${row.description}`.trim());
}

describe('the Gestix view: Codes in This Log', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'gestix-view' });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'with no log open, the view says how to get one and offers the sample log',
    () =>
      editor.scenario('codes-in-log-welcome', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.gestixView.focus(VIEW);
        await editor.gestixView.showOnly(VIEW);
        assert.ok(await editor.gestixView.activityBarEntry().isVisible(), 'the Gestix container has its Activity Bar entry');
        const welcome = await editor.gestixView.welcomeText(VIEW);
        assert.match(welcome, /Open a log to list the Gestix codes, Sovos subcodes and HTTP statuses in it/);
        assert.match(welcome, /Open Sample Log/);
      })(),
  );

  it(
    'the sample log: its codes by kind, each with its count',
    () =>
      editor.scenario('codes-in-log-sample', async () => {
        await editor.gestixView.clickWelcome(VIEW, 'Open Sample Log');
        await editor.files.activeTab('sample.log').waitFor({ state: 'visible' });
        const rows = await editor.gestixView.waitForRows(VIEW, (found) => found.some((row) => row.label === '502'), 'the sample log listed up to its last status');
        assert.deepEqual(shown(rows), [
          'Gestix codes 4',
          'DB_TIMEOUT 1',
          'INVALID_ARGUMENT 1',
          'DUPLICATE_ENTRY 1',
          'AUTH_FAILED 1',
          'Sovos subcodes 4',
          'SMAR-0202 1',
          'SMAR-1004 1',
          'SMAP-1010 1',
          'SMAR-99692 1',
          'HTTP statuses 8',
          '400 4',
          '201 3',
          '200 2',
          '503 1',
          '408 1',
          '409 1',
          '403 1',
          '502 1',
        ]);
        assert.deepEqual(
          rows.map((row) => row.level),
          [1, 2, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2],
          'codes sit under their kind',
        );
      })(),
  );

  it(
    "a click on a code puts the cursor on its first line; its children go to the first and last",
    () =>
      editor.scenario('codes-in-log-go-to-line', async () => {
        await editor.gestixView.click(VIEW, 'SMAR-0202');
        await editor.statusBar.waitForText(/Ln 8, Col 1\b/);
        await editor.files.activeTab('sample.log').waitFor({ state: 'visible' });
        await editor.files.waitForActiveText(/SMAR-0202/);

        await editor.gestixView.click(VIEW, '400');
        await editor.statusBar.waitForText(/Ln 7, Col 1\b/);
        await editor.gestixView.expand(VIEW, '400');
        const rows = await editor.gestixView.waitForRows(VIEW, (found) => found.some((row) => row.label === 'Last on line 18'), 'the lines of 400');
        const at400 = rows.findIndex((row) => row.label === '400');
        assert.deepEqual(shown(rows.slice(at400, at400 + 3)), ['400 4', 'First on line 7', 'Last on line 18']);
        await editor.gestixView.click(VIEW, 'Last on line 18');
        await editor.statusBar.waitForText(/Ln 18, Col 1\b/);
      })(),
  );

  it(
    'an edit to the log updates the list',
    () =>
      editor.scenario('codes-in-log-edit', async () => {
        await editor.files.open('logs/app.log');
        let rows = await editor.gestixView.waitForRows(VIEW, (found) => found.some((row) => row.label === '404'), 'app.log listed');
        assert.ok(shown(rows).includes('DB_TIMEOUT 1'));
        assert.ok(!rows.some((row) => row.label === 'SMAR-0011'));

        await editor.files.focus();
        await editor.page.keyboard.press('Control+End');
        await editor.page.keyboard.press('Enter');
        await editor.page.keyboard.type('2026-01-15T09:40:00.000Z ERROR [tax] Sovos evaluate failed subcode=SMAR-0011 after DB_TIMEOUT', { delay: 5 });
        await editor.page.keyboard.press('Escape');

        rows = await editor.gestixView.waitForRows(
          VIEW,
          (found) => shown(found).includes('SMAR-0011 1') && shown(found).includes('DB_TIMEOUT 2'),
          'the new line counted',
        );
        assert.ok(shown(rows).includes('Sovos subcodes 5'));
      })(),
  );
});
