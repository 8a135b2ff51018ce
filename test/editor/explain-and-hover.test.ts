// Decoding without sending: Explain Error Response on a selected body, a hostile body rendered as
// text, and hovers on codes in a log file, where HTTP statuses and request ids are explained on
// Gestix's lines only.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';

/** A log of a web app that also calls Gestix: a line of its own, then one of its Gestix client. */
const MIXED_LOG = [
  '2026-01-15T09:40:00.000Z WARN  [cdn] GET /assets/logo.png -> HTTP 404 Not Found request_id=req-5b1c',
  '2026-01-15T09:40:02.000Z ERROR [billing] POST /api/03101176/v4.0.0/invoices?nonce=1768469202000 -> HTTP 503 request_id=req-7f3a60',
  '',
].join('\n');

describe('explaining error responses and log codes', { timeout: 300_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'explain', prepareWorkspace: (workspace) => writeFileSync(join(workspace, 'logs', 'web.log'), MIXED_LOG) });
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'Explain Error Response decodes a selected Sovos Format 1 body with two subcodes',
    () =>
      editor.scenario('explain-sovos-format1', async () => {
        await editor.files.open('responses/sovos-format1-two-subcodes.json');
        await editor.files.focus();
        await editor.files.selectAll();
        await editor.quickInput.runCommand('Gestix: Explain Error Response');
        const panel = editor.panel;
        await panel.locator('.entry').nth(1).waitFor({ state: 'visible', timeout: 20_000 });
        const codes = await panel.codes();
        assert.equal(codes.length, 2);
        for (const code of codes) assert.match(code, /^SMA[RP]-\d{4,5}$/);
        assert.match(await panel.badges(), /Sovos Format 1/);
        assert.ok(await panel.button('copySupportDetails').isVisible());
      })(),
  );

  it(
    'a hostile body is shown as text and runs nothing',
    () =>
      editor.scenario('explain-hostile', async () => {
        await editor.files.focus();
        await editor.files.open('responses/hostile.json');
        await editor.files.focus();
        await editor.files.selectAll();
        await editor.quickInput.runCommand('Gestix: Explain Error Response');
        const panel = editor.panel;
        await panel.waitForHeadline();
        await panel.locator('details.raw summary').click();
        const raw = await panel.locator('pre').innerText();
        assert.match(raw, /<script/i, 'markup is shown as text');
        const scripts = await panel.locator('script').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
        assert.ok(!scripts.some((text) => text.includes('pwned')), 'no server script became an element');
        assert.equal(await panel.locator('img').count(), 0, 'no server image became an element');
        assert.equal(await panel.locator('a[href^="javascript:"]').count(), 0);
        assert.equal(await panel.locator('iframe, svg, img').count(), 0, 'no server markup became an element');
        const styles = await panel.locator('style').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
        assert.ok(!styles.some((text) => text.includes('display:none!important')), 'no server style became an element');
        const pwned = await panel.locator('body').evaluate((body) => (body as unknown as { dataset: Record<string, string | undefined> }).dataset.pwned ?? null);
        assert.equal(pwned, null, 'no injected script or handler ran');
        assert.ok(await panel.locator('body').isVisible(), 'server CSS did not hide the page');
      })(),
  );

  it(
    'hovering codes in a log explains them',
    () =>
      editor.scenario('hover-log-codes', async () => {
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.files.open('logs/app.log');
        const subcode = await editor.hovers.of('SMAP-1010');
        assert.match(subcode, /SMAP-1010/);
        assert.match(subcode, /payables/);
        assert.match(subcode, /Open in the Gestix panel/);
        await editor.screenshot('hover-log-subcode');
        await editor.dismiss();
        const code = await editor.hovers.of('DB_TIMEOUT');
        assert.match(code, /DB_TIMEOUT/);
        assert.match(code, /retry/i);
      })(),
  );

  it(
    'HTTP 404 and a request id on a line of another program get no Gestix hover; on the Gestix line next to it they do',
    () =>
      editor.scenario('hover-generic-codes', async () => {
        await editor.dismiss();
        await editor.quickInput.runCommand('View: Close All Editors');
        await editor.files.open('logs/web.log');
        const status = await editor.hovers.of('503');
        assert.match(status, /503/);
        assert.match(status, /Open in the Gestix panel/);
        await editor.dismiss();
        const requestId = await editor.hovers.of('req-7f3a60');
        assert.match(requestId, /Gestix request id req-7f3a60\b/, 'the id as it is in the log, without Markdown escapes');
        await editor.screenshot('hover-generic-codes-gestix-line');
        await editor.dismiss();

        for (const token of ['404', 'req-5b1c']) {
          // By mouse, as a person would, and from the keyboard, which asks the same providers.
          await editor.hovers.hoverOver(token);
          const byMouse = await editor.hovers.text(3000).catch(() => '');
          if (token === '404') await editor.screenshot('hover-generic-codes-other-line');
          await editor.dismiss();
          await editor.files.moveCursorTo(token);
          await editor.quickInput.runCommand('Show or Focus Hover');
          const byKeyboard = await editor.hovers.text(3000).catch(() => '');
          await editor.dismiss();
          for (const shown of [byMouse, byKeyboard]) assert.doesNotMatch(shown, /Gestix|Copy for support|Open in the Gestix panel/, `no Gestix hover on ${token}`);
        }
      })(),
  );
});
