import type { Clock } from './ports';

/** setTimeout fires at once (after 1 ms) for any delay above this, so every timer is kept below it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A delay setTimeout keeps: within 0…MAX_TIMER_MS, and 0 for NaN. */
export function timerDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(MAX_TIMER_MS, Math.max(0, ms));
}

/** Wall-clock time; `sleep` ends early (without error) when the signal is aborted. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timerDelay(ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Settles like `promise`, or with `onAbort()` as soon as `signal` is aborted. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => T): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
