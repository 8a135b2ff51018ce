// Sandbox modes: each one picks a reading of the API documentation where it is silent or
// contradicts itself (or a trait of a distant, load-balanced server), so that the client can be
// tested against every reading, not only the one it was built from.

export interface SandboxModes {
  /** 'server': the given seq_number is ignored, the server numbers each series itself and never answers 409. */
  numbering: 'client' | 'server';
  /** Whether POST /auth must carry a valid nonce. */
  authNonce: 'required' | 'optional';
  /** 'unordered': requests pipelined on one connection are handled concurrently, in no set order. */
  pipelining: 'ordered' | 'unordered';
  /** The body of a 409 for a repeated document_set + seq_number. */
  conflictBody: 'apiError' | 'sovos' | 'empty';
  /** How many more requests made with a session that has not been used yet get 403. */
  refuseFreshSessions: number;
  /** Added to each round trip. */
  latencyMs: number;
  /** What storing one document costs; documents are processed one at a time. */
  processingMs: number;
}

export const DEFAULT_MODES: Readonly<SandboxModes> = Object.freeze({
  numbering: 'client',
  authNonce: 'optional',
  pipelining: 'ordered',
  conflictBody: 'apiError',
  refuseFreshSessions: 0,
  latencyMs: 0,
  processingMs: 0,
});

const MAX_MODE_MS = 60_000;
const MAX_REFUSED_FRESH_SESSIONS = 1_000_000;

const CHOICES: { [K in keyof SandboxModes]?: readonly string[] } = {
  numbering: ['client', 'server'],
  authNonce: ['required', 'optional'],
  pipelining: ['ordered', 'unordered'],
  conflictBody: ['apiError', 'sovos', 'empty'],
};

const LIMITS: { [K in keyof SandboxModes]?: number } = {
  refuseFreshSessions: MAX_REFUSED_FRESH_SESSIONS,
  latencyMs: MAX_MODE_MS,
  processingMs: MAX_MODE_MS,
};

const MODE_NAMES = Object.keys(DEFAULT_MODES) as (keyof SandboxModes)[];

function isModeName(name: string): name is keyof SandboxModes {
  return (MODE_NAMES as string[]).includes(name);
}

export type ModesParse = { ok: true; modes: Partial<SandboxModes> } | { ok: false; message: string };

/** Validates a partial set of modes from untrusted input (the control endpoint, the CLI) or from code. */
export function parseModes(value: unknown): ModesParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Modes must be a JSON object like {"numbering":"server"}' };
  }
  const modes: Record<string, unknown> = {};
  for (const [name, given] of Object.entries(value)) {
    if (!isModeName(name)) {
      return { ok: false, message: `Unknown mode '${name.slice(0, 40)}'; modes are: ${MODE_NAMES.join(', ')}` };
    }
    const choices = CHOICES[name];
    const limit = LIMITS[name];
    if (choices) {
      if (typeof given !== 'string' || !choices.includes(given)) {
        return { ok: false, message: `'${name}' must be one of: ${choices.join(', ')}` };
      }
    } else if (!Number.isSafeInteger(given) || (given as number) < 0 || (given as number) > (limit ?? 0)) {
      return { ok: false, message: `'${name}' must be an integer from 0 to ${limit}` };
    }
    modes[name] = given;
  }
  return { ok: true, modes: modes };
}
