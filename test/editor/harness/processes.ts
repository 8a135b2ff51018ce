// Child processes that are always stopped as a whole process group: code-server starts its own
// children (extension host, file watcher, pty host), and none of them may outlive a test run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const OUTPUT_TAIL_CHARS = 64 * 1024;

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or null after a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** The last part of everything it wrote to stdout and stderr. */
  output(): string;
  /** SIGTERM to the whole group, SIGKILL after graceMs. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<StartedProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

function killEverything(): void {
  for (const child of running) signalGroup(child.pid, 'SIGKILL');
}

// Last line of defence when a test run ends without reaching its cleanup (uncaught error, exit()).
process.once('exit', killEverything);

/**
 * A signal ends the process without 'exit' handlers, and detached groups would survive it; for
 * callers without their own graceful stop (the test harness), kill the groups and exit.
 */
export function killEverythingOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      killEverything();
      process.exit(code);
    });
  }
}

export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onOutput?: (text: string) => void } = {},
): StartedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`Could not start ${name} (${command})`);
  const pid = child.pid;
  let tail = '';
  let exitedFlag = false;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      tail += `\n${error.message}`;
      exitedFlag = true;
      resolve(null);
    });
    child.once('exit', (code) => {
      exitedFlag = true;
      resolve(code);
    });
  });

  const started: StartedProcess = {
    name,
    pid,
    exited,
    hasExited: () => exitedFlag,
    output: () => tail,
    async stop(graceMs = 5000) {
      // Signal the group even when the leader is gone: its children may still be running.
      signalGroup(pid, 'SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
      signalGroup(pid, 'SIGKILL');
      if (timedOut) await Promise.race([exited, delay(2000)]);
      running.delete(started);
    },
  };
  running.add(started);
  return started;
}

/** Runs a command to completion within timeoutMs; rejects with its output when it fails. */
export async function runToCompletion(
  name: string,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<string> {
  const child = startProcess(name, command, args, options);
  const code = await Promise.race([child.exited, delay(options.timeoutMs).then(() => 'timeout' as const)]);
  await child.stop(1000);
  if (code === 'timeout') throw new Error(`${name} did not finish within ${options.timeoutMs} ms:\n${child.output()}`);
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}:\n${child.output()}`);
  return child.output();
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else the next free port above it; a random free port without one. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined) {
    for (let port = preferred; port < preferred + 100; port += 1) {
      if (await isPortFree(port)) return port;
    }
  }
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until check() resolves true; rejects with `what` after timeoutMs. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A check that throws (a page navigating, a file half written) counts as not yet.
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
