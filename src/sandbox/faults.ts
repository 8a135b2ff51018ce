// Faults queued for the next matching requests. Each request takes at most one fault: the oldest
// queued one that matches its method and path.
import { FAULT_NAMES, type FaultName, type FaultSpec } from './types';

const MAX_DELAY_MS = 600_000;
export const MAX_QUEUED_FAULTS = 1000;
const MAX_FAULT_PATH_LENGTH = 200;

interface QueuedFault {
  spec: FaultSpec;
  remaining: number;
}

export type FaultParse = { ok: true; fault: FaultSpec } | { ok: false; message: string };

function isFaultName(value: unknown): value is FaultName {
  return typeof value === 'string' && (FAULT_NAMES as readonly string[]).includes(value);
}

/** Validates a fault from untrusted input (the control endpoint) or from code. */
export function parseFault(value: unknown): FaultParse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'A fault must be a JSON object like {"fault":"dbTimeout","count":1}' };
  }
  const input = value as Record<string, unknown>;
  if (!isFaultName(input.fault)) {
    return { ok: false, message: `'fault' must be one of: ${FAULT_NAMES.join(', ')}` };
  }
  const fault: FaultSpec = { fault: input.fault };
  if (input.count !== undefined) {
    if (!Number.isSafeInteger(input.count) || (input.count as number) < 1) {
      return { ok: false, message: "'count' must be a positive integer" };
    }
    fault.count = input.count as number;
  }
  if (input.method !== undefined) {
    if (typeof input.method !== 'string' || !/^[A-Za-z]+$/.test(input.method)) {
      return { ok: false, message: "'method' must be an HTTP method such as POST" };
    }
    fault.method = input.method.toUpperCase();
  }
  if (input.path !== undefined) {
    if (typeof input.path !== 'string' || input.path.length > MAX_FAULT_PATH_LENGTH) {
      return { ok: false, message: `'path' must be a string of at most ${MAX_FAULT_PATH_LENGTH} characters, such as /invoices` };
    }
    fault.path = input.path;
  }
  if (input.delayMs !== undefined) {
    const delay = input.delayMs;
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY_MS) {
      return { ok: false, message: `'delayMs' must be a number from 0 to ${MAX_DELAY_MS}` };
    }
    fault.delayMs = delay;
  } else if (fault.fault === 'delay') {
    return { ok: false, message: "A 'delay' fault needs 'delayMs'" };
  }
  return { ok: true, fault };
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  get full(): boolean {
    return this.queue.length >= MAX_QUEUED_FAULTS;
  }

  /** Throws a TypeError for a bad fault, a RangeError when MAX_QUEUED_FAULTS are queued. */
  add(spec: FaultSpec): void {
    const parsed = parseFault(spec);
    if (!parsed.ok) throw new TypeError(parsed.message);
    if (this.full) throw new RangeError(`${MAX_QUEUED_FAULTS} faults are queued, as many as the sandbox keeps; clear them first (DELETE /__sandbox/faults)`);
    this.queue.push({ spec: parsed.fault, remaining: parsed.fault.count ?? 1 });
  }

  /** Removes one use of the first fault matching the request, and returns it. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.queue.findIndex(
      ({ spec }) =>
        (spec.method === undefined || spec.method === method.toUpperCase()) &&
        (spec.path === undefined || path.startsWith(spec.path)),
    );
    const queued = this.queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    return queued.spec;
  }

  pending(): FaultSpec[] {
    return this.queue.map(({ spec, remaining }) => ({ ...spec, count: remaining }));
  }

  clear(): void {
    this.queue = [];
  }
}
