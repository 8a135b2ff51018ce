// Open PDF after a send, in a browser-based VS Code (code-server): the PDF opens in an editor tab,
// by the PDF viewer an installed extension contributes, else by the extension's own page, whose
// Open in Browser shows the PDF through code-server's port forwarding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Editor } from './harness';
import { activeWebview } from './harness/errorPanel';
import { signIn } from './steps';

async function sendAndOpenPdf(editor: Editor): Promise<void> {
  await editor.files.open('invoices/good.invoice.json');
  await editor.quickInput.runCommand('Gestix: Send Invoice');
  await editor.notifications.clickButton(/created in Gestix/, 'Open PDF');
}

describe('Open PDF without a PDF viewer extension', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'open-pdf' });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    "opens a tab inside the editor that says so, and whose Open in Browser shows the PDF through code-server's forwarding",
    () =>
      editor.scenario('open-pdf-in-browser', async () => {
        await sendAndOpenPdf(editor);
        const tab = editor.files.activeTabLabelled(/^Invoice FT2026\/\S+ \(PDF\)/);
        await tab.waitFor({ state: 'visible', timeout: 20_000 });
        const page = activeWebview(editor.page);
        assert.match(await page.locator('h1').innerText(), /^Invoice FT2026\/\S+ \(PDF\)$/);
        assert.match(await page.locator('main').innerText(), /none is installed/);
        const link = page.locator('#open-in-browser');
        const address = (await link.getAttribute('href')) ?? '';
        const workbench = new URL(editor.page.url());
        assert.ok(address.startsWith(`${workbench.origin}/proxy/`), `forwarded by code-server, on the workbench's own address: ${address}`);
        await editor.screenshot('open-pdf-page');

        const opened = editor.page.context().waitForEvent('page', { timeout: 20_000 });
        await link.click();
        const browserTab = await opened;
        await browserTab.waitForLoadState('load');
        assert.equal(browserTab.url(), address);
        // Chromium shows the PDF with its own viewer; give it a moment to draw the page.
        await browserTab.waitForTimeout(2000);
        await editor.screenshotOf(browserTab, 'open-pdf-browser-tab');
        const served = await fetch(address);
        assert.equal(served.status, 200);
        assert.equal(served.headers.get('content-type'), 'application/pdf');
        assert.equal(Buffer.from(await served.arrayBuffer()).subarray(0, 5).toString('latin1'), '%PDF-');
        await browserTab.close();

        await editor.quickInput.runCommand('View: Close Editor');
        await tab.waitFor({ state: 'detached' });
        assert.notEqual((await fetch(address)).status, 200, 'the address stops answering with the tab');
      })(),
  );
});

describe('Open PDF with a PDF viewer extension', { timeout: 400_000 }, () => {
  let editor: Editor;
  before(async () => {
    editor = await Editor.start({ scenario: 'open-pdf-viewer', companionExtensions: ['pdf-viewer'] });
    await signIn(editor);
  });
  after(async () => {
    await editor?.stop();
  });

  it(
    'opens the PDF in the editor tab of the viewer',
    () =>
      editor.scenario('open-pdf-with-viewer', async () => {
        await sendAndOpenPdf(editor);
        await editor.files.activeTab({ endsWith: '.pdf' }).waitFor({ state: 'visible', timeout: 20_000 });
        const page = activeWebview(editor.page);
        await page.locator('h1', { hasText: 'PDF Viewer Stand-in' }).waitFor({ state: 'visible' });
        assert.match(await page.locator('#file').innerText(), /^invoices-\d+\.pdf: \d+ bytes, starting %PDF-$/);
      })(),
  );
});
