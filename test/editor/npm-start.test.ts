// `npm start` as a reader runs it: it packages the extension, starts code-server, prints where to
// go, and the workbench opens on the Gestix walkthrough, where one click starts the sandbox inside
// the editor and signs in; Ctrl-C stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, screenshotDirOf } from './harness';
import { QuickInput } from './harness/quickInput';
import { StatusBar } from './harness/statusBar';
import { extensionManifest, repoRoot } from './harness/vsix';
import { Walkthrough } from './harness/walkthrough';

function waitForOutput(output: () => string, pattern: RegExp, timeoutMs: number, ended: () => boolean): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const match = pattern.exec(output());
      if (match) return resolve(match);
      if (ended()) return reject(new Error(`npm start ended before printing ${pattern}:\n${output().slice(-3000)}`));
      if (Date.now() > deadline) return reject(new Error(`npm start did not print ${pattern} within ${timeoutMs} ms:\n${output().slice(-3000)}`));
      setTimeout(poll, 200);
    };
    poll();
  });
}

describe('npm start', { timeout: 400_000 }, () => {
  it('opens the workbench on the Gestix walkthrough, where one click signs in to a sandbox, and Ctrl-C stops everything', async () => {
    const { ensureEditorEnvironment, singleEditor } = await import('../../scripts/editor-env.mjs');
    const installed = await ensureEditorEnvironment({ editor: singleEditor() });
    const { publisher, name } = extensionManifest();
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let ended = false;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        ended = true;
        resolve(code);
      }),
    );
    let sandboxOrigin: string | undefined;
    const browser = await chromium.launch({ executablePath: installed.chromiumPath, args: CHROMIUM_ARGS, timeout: 30_000 });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    mkdirSync(screenshotDirOf(installed), { recursive: true });
    const screenshot = (shot: string) => page.screenshot({ path: join(screenshotDirOf(installed), `${shot}.png`), timeout: 10_000 });
    try {
      const [, workbench] = await waitForOutput(() => output, /Open (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 240_000, () => ended);
      assert.match(output, /Use the Local Sandbox/, 'the printed steps start with the one click');
      assert.doesNotMatch(output, /API token/, 'nothing to copy');

      await page.goto(workbench, { timeout: 30_000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const walkthrough = new Walkthrough(page, new QuickInput(page));
      await page.locator('.gettingStartedContainer .getting-started-step').first().waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await walkthrough.text(), /Get Started with Gestix/);
      assert.equal(await page.locator('.part.editor .tabs-container .tab').count(), 1, 'the walkthrough is the only editor');
      await screenshot('npm-start-walkthrough');

      await page.getByRole('button', { name: 'Use the Local Sandbox' }).filter({ visible: true }).first().click();
      const statusBar = new StatusBar(page, `${publisher}.${name}`);
      await statusBar.session.waitForIcon('check', 30_000);
      const started = await page.locator('.notifications-toasts', { hasText: 'local Gestix sandbox runs at' }).innerText();
      sandboxOrigin = /http:\/\/127\.0\.0\.1:\d+/.exec(started)?.[0];
      assert.ok(sandboxOrigin, `the notification names the sandbox: ${started}`);
      await walkthrough.waitForTicked('gestix.signIn');
      await screenshot('npm-start-signed-in');
    } catch (error) {
      await screenshot('npm-start-failed').catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, output.slice(-2000));
    await assert.rejects(fetch(`${sandboxOrigin}/api/03101176/v4.0.0/status`, { signal: AbortSignal.timeout(5000) }), 'the sandbox stopped with the editor');
  });
});
