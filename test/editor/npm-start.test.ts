// `npm start` as a reader runs it: it packages the extension, starts the sandbox and code-server,
// prints where to go and what to paste, serves the workbench, and Ctrl-C stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './harness/vsix';

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

describe('npm start', { timeout: 300_000 }, () => {
  it('serves the workbench and a signed-in-ready sandbox, and Ctrl-C stops both', async () => {
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
    const hasEnded = () => ended;
    try {
      const [, workbench] = await waitForOutput(() => output, /Open (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 240_000, hasEnded);
      const [, sandbox] = await waitForOutput(() => output, /Sandbox server\s+(http:\/\/127\.0\.0\.1:\d+)/, 5_000, hasEnded);
      const [, apiToken] = await waitForOutput(() => output, /API token\s+(\S+)/, 5_000, hasEnded);
      const [, controlUrl, controlSecret] = await waitForOutput(() => output, /Control\s+(\S+)\s+header x-sandbox-secret: (\S+)/, 5_000, hasEnded);

      const page = await fetch(workbench);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
      // The printed token is the one the sandbox accepts.
      const helo = await fetch(`${sandbox}/api/03101176/v4.0.0/helo`, { headers: { authorization: `Bearer ${apiToken}` } });
      const answer = await helo.text();
      assert.equal(helo.status, 200, answer);
      assert.equal(typeof (JSON.parse(answer) as Record<string, unknown>)['xa-token'], 'string');
      // The printed control secret opens the sandbox's control endpoint.
      const faults = await fetch(`${controlUrl}/faults`, { headers: { 'x-sandbox-secret': controlSecret } });
      assert.equal(faults.status, 200, await faults.text());
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, output.slice(-2000));
    await assert.rejects(fetch(`${/Sandbox server\s+(\S+)/.exec(output)?.[1]}/api/03101176/v4.0.0/status`), 'the sandbox stopped');
  });
});
