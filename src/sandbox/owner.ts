// Which extension host runs an in-editor sandbox. The sandbox ends with its window, but the settings
// that point at it stay behind; a later window reads the owner recorded with them to tell a sandbox
// that still runs (in another window) from one whose port nothing of ours holds any more.

export interface SandboxOwner {
  /** The extension host's process id. */
  pid: number;
  /** The machine it runs on: a process id says nothing about another machine's processes. */
  host: string;
}

export type OwnerState = 'running' | 'ended' | 'unknown';

export interface ThisProcess {
  pid: number;
  host: string;
  isAlive(pid: number): boolean;
}

function isOwner(value: unknown): value is SandboxOwner {
  if (typeof value !== 'object' || value === null) return false;
  const { pid, host } = value as Record<string, unknown>;
  return Number.isSafeInteger(pid) && (pid as number) > 0 && typeof host === 'string';
}

/**
 * Whether the sandbox `owner` started may still run. This process never runs a sandbox it has no
 * handle on, so an owner that is this process has ended too (the extension was restarted in it).
 * Unknown: no owner recorded (an earlier version), or another machine's.
 */
export function ownerState(owner: unknown, here: ThisProcess): OwnerState {
  if (!isOwner(owner) || owner.host !== here.host) return 'unknown';
  if (owner.pid === here.pid) return 'ended';
  return here.isAlive(owner.pid) ? 'running' : 'ended';
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists as another user's. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
