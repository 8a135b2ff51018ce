// Hostile files and settings in a real editor: Send Folder on a folder with a symbolic link loop, a
// link out of the folder and an oversized file; Explain Error Response on a 200 KB quote bomb while
// the extension keeps answering; and a repository whose settings would make the status bar call
// /status back to back, opened in Restricted Mode.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { signIn, sendFolderFromExplorer } from './steps';

const QUOTE_BOMB_QUOTES = 200_000;

/** A folder with one good invoice, two links back to itself, a link out of the workspace and a 6 MB invoice. */
function writeHostileFolder(workspace: string): void {
  const folder = join(workspace, 'hostile');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'good.invoice.json'), readFileSync(join(workspace, 'invoices', 'good.invoice.json')));
  writeFileSync(join(folder, 'huge.invoice.json'), `{"notes_comments": "${'x'.repeat(6 * 1024 * 1024)}"}`);
  symlinkSync('.', join(folder, 'loop'));
  symlinkSync('..', join(folder, 'up'));
  symlinkSync('/etc', join(folder, 'etc-link'));
  mkdirSync(join(workspace, 'responses'), { recursive: true });
  writeFileSync(join(workspace, 'responses', 'quote-bomb.json'), JSON.stringify({ code: `A${"'".repeat(QUOTE_BOMB_QUOTES)}x`, message: 'm' }));
}

describe('hostile files', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'hostile-files', prepareWorkspace: writeHostileFolder });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Send Folder on a folder with a link loop, a link out and a 6 MB file finishes, and the report names each',
    () =>
      editor.scenario('hostile-send-folder', async () => {
        const question = await sendFolderFromExplorer(editor, 'hostile');
        assert.match(question, /Send 1 document\(s\) from workspace\/hostile to Gestix account/);
        assert.match(question, /4 other file\(s\) will not be sent/);
        await editor.dialog.answer(/^Send$/);

        await editor.files.activeTabLabelled(/send-folder-.*\.md/).waitFor({ state: 'visible', timeout: 60_000 });
        assert.equal(editor.sandbox.control.documents('invoices').length, 1, 'the good invoice is sent once, not once per loop');
        const reportText = await editor.files.waitForActiveText(/Result: 1 created, 4 not sent/);
        assert.match(reportText, /\| huge\.invoice\.json \| larger than 5\.0 MB \(6\.0 MB\): not read \|/);
        assert.match(reportText, /\| loop \| a symbolic link loop \(it leads back to the folder itself\): not followed \|/);
        assert.match(reportText, /\| up \| a symbolic link to a place outside the folder: not followed \|/);
        assert.match(reportText, /\| etc-link \| a symbolic link to a place outside the folder: not followed \|/);
        assert.doesNotMatch(reportText, /passwd|loop\/loop/);
        // The summary toast may already have gone when the report opens; the notification centre keeps it.
        assert.match(await editor.notifications.showCenter(), /Gestix: workspace\/hostile: 1 created, 4 not sent/);
      })(),
  );

  it(
    'Explain Error Response on a 200 KB quote-bomb code answers within seconds, and the extension keeps answering meanwhile',
    () =>
      editor.scenario('hostile-quote-bomb', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.files.open('responses/quote-bomb.json');
        await editor.files.focus();
        const started = Date.now();
        await editor.quickInput.runCommand('Gestix: Explain Error Response');
        // Decoding runs on the extension host before the panel opens: a quadratic pass (13 s for this
        // file before) would hold the panel, and every other command of the extension, back.
        await editor.panel.waitForHeadline();
        const explainedAfter = Date.now() - started;
        assert.ok(explainedAfter < 5000, `explained after ${explainedAfter} ms`);
        const headline = await editor.panel.headline();
        assert.match(headline, /unknown code A''''/i);
        assert.ok(headline.length < 1000, 'the code is capped in the headline');
        await editor.screenshot('hostile-quote-bomb-panel');

        // The extension answers the next command at once.
        await editor.files.focus();
        const asked = Date.now();
        await editor.quickInput.runCommand('Gestix: Show Log');
        await editor.logs.outputView().waitFor({ state: 'visible', timeout: 5000 });
        const answeredAfter = Date.now() - asked;
        assert.ok(answeredAfter < 5000, `Show Log answered after ${answeredAfter} ms`);
        console.log(`quote bomb: explained after ${explainedAfter} ms, Show Log answered ${answeredAfter} ms later`);
      })(),
  );
});

describe('hostile settings in Restricted Mode', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({
      scenario: 'hostile-settings',
      restrictedMode: true,
      prepareWorkspace: (workspace) => {
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        writeFileSync(
          join(workspace, '.vscode', 'settings.json'),
          JSON.stringify({ 'gestix.statusBar.pollSeconds': 1_000_000_000, 'gestix.requestTimeoutSeconds': 99_999_999 }, null, 2),
        );
      },
    });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'makes at most one /status request per 15 s, and requests do not time out at once',
    () =>
      editor.scenario('hostile-settings-restricted', async () => {
        assert.match(await editor.statusBar.text(), /Restricted Mode/);
        await signIn(editor);
        const item = editor.statusBar.session;
        await item.waitForIcon('check');
        const watchedFrom = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 40_000));
        const watchedMs = Date.now() - watchedFrom;
        const times = editor.sandbox.control
          .requests()
          .filter((request) => request.path === '/status')
          .map((request) => Date.parse(request.time));
        assert.ok(times.length >= 1, 'the status bar checked the session');
        assert.ok(times.every((time) => Number.isFinite(time)), 'each request has its time');
        const gaps = times.slice(1).map((time, index) => time - times[index]);
        assert.ok(gaps.every((gap) => gap >= 14_900), `gaps between /status requests: ${gaps.join(', ')} ms`);
        assert.ok(times.length <= 1 + Math.ceil(watchedMs / 15_000) + 1, `${times.length} /status requests in ${watchedMs} ms`);
        assert.ok(editor.sandbox.control.requests().filter((request) => request.path === '/status').every((request) => request.status === 200));
        assert.ok(await item.showsIcon('check'), 'still healthy: no request timed out at once');
      })(),
  );
});
