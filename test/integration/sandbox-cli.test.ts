// `npm run sandbox`: the launcher script starts the server, prints how to reach it, and stops
// cleanly on SIGINT and SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  origin: string;
}

async function launch(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'sandbox.mjs'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk.toString();
  });
  const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    while (!output.includes('Press Ctrl+C')) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the sandbox exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    clearTimeout(deadline);
  }
  const origin = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  assert.ok(origin, output);
  return { child, output: () => output, origin };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(guard);
  return code;
}

describe('sandbox CLI', () => {
  it('prints the API base, account, token, credentials and control endpoint, serves them, and stops on SIGTERM', async () => {
    const { child, output, origin } = await launch([
      '--port', '0', '--account', 'CLI42', '--api-token', 'cli-token', '--username', 'ana', '--password', 'pw1',
      '--session-ttl', '60', '--current-api-version', 'v4.0.3',
    ]);
    try {
      const text = output();
      assert.match(text, new RegExp(`API base: +${origin}/api/CLI42/v4\\.0\\.0`));
      assert.match(text, /account: +CLI42/);
      assert.match(text, /API token: +cli-token/);
      assert.match(text, /username\/password: +ana \/ pw1/);
      assert.match(text, new RegExp(`control endpoint: +${origin}/__sandbox`));
      const secret = /control secret: +(\S+) +\(send it in the header x-sandbox-secret/.exec(text)?.[1];
      assert.ok(secret, text);
      const faults = await fetch(`${origin}/__sandbox/faults`, { headers: { 'x-sandbox-secret': secret } });
      assert.deepEqual([faults.status, await faults.json()], [200, []], 'the printed secret opens the control endpoint');
      assert.equal((await fetch(`${origin}/__sandbox/faults`)).status, 401, 'nothing opens it without');

      const helo = await fetch(`${origin}/api/CLI42/v4.0.0/helo`, { headers: { authorization: 'Bearer cli-token' } });
      assert.equal(helo.status, 200);
      const token = ((await helo.json()) as Record<string, string>)['xa-token'];
      const status = await fetch(`${origin}/api/CLI42/v4.0.0/status`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await status.json()) as { versions: { current_api_version: string } }).versions.current_api_version, 'v4.0.3');
      const auth = await fetch(`${origin}/api/CLI42/v4.0.0/auth?username=ana&password=pw1`, { method: 'POST' });
      assert.equal(auth.status, 200);
      assert.match(output(), /GET \/helo -> 200/);
      assert.ok(!output().includes(token), 'the request log never shows session tokens');
    } finally {
      assert.equal(await stop(child, 'SIGTERM'), 0);
    }
  });

  it('takes every mode as a flag, prints the modes and serves them', async () => {
    const { child, output, origin } = await launch([
      '--port', '0', '--quiet', '--numbering', 'server', '--auth-nonce', 'required', '--pipelining', 'unordered',
      '--conflict-body', 'sovos', '--refuse-fresh-sessions', '2', '--latency-ms', '50', '--processing-ms', '2',
    ]);
    try {
      const expected = {
        numbering: 'server', authNonce: 'required', pipelining: 'unordered', conflictBody: 'sovos',
        refuseFreshSessions: 2, latencyMs: 50, processingMs: 2,
      };
      assert.match(output(), /modes: +numbering server, authNonce required, pipelining unordered, conflictBody sovos, refuseFreshSessions 2, latencyMs 50, processingMs 2/);
      const secret = /control secret: +(\S+)/.exec(output())?.[1] ?? '';
      assert.deepEqual(await (await fetch(`${origin}/__sandbox/modes`, { headers: { 'x-sandbox-secret': secret } })).json(), expected);
    } finally {
      assert.equal(await stop(child, 'SIGTERM'), 0);
    }
  });

  it('refuses a bad mode value naming the flag, with a usage text', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'sandbox.mjs'), '--conflict-body', 'xml'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (chunk) => {
    output += chunk.toString();
  });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(output, /--conflict-body must be one of: apiError, sovos, empty/);
    assert.match(output, /Usage: npm run sandbox/);
  });

  it('stops cleanly on SIGINT', async () => {
    const { child, origin } = await launch(['--port', '0', '--quiet']);
    assert.equal(await stop(child, 'SIGINT'), 0);
    await assert.rejects(fetch(`${origin}/__sandbox/faults`));
  });

  it('rejects unknown options with a usage text', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts', 'sandbox.mjs'), '--colour', 'blue'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (chunk) => {
    output += chunk.toString();
  });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2);
    assert.match(output, /Usage: npm run sandbox/);
  });
});
