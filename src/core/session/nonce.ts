// The server rejects any nonce that is not above the last one of the session, and a rejected nonce
// is still consumed. Values are therefore handed out synchronously (so concurrent callers can never
// get the same or a lower value), follow the wall clock as the API recommends, and never fall below
// a value handed out before — even after a restart or when the system clock is set back.
//
// What is persisted is a ceiling above the values in use, reserved a block ahead: a batch of
// thousands of documents then waits for one storage write instead of one per document. A restart
// continues above the ceiling, skipping at most a block of unused values, which the server allows.
import type { ValueStore } from '../host/ports';

export const NONCE_STORE_KEY = 'gestix.lastNonce';
/** How far ahead of the value in use the stored ceiling is put: a minute of the millisecond clock. */
export const NONCE_RESERVATION = 60_000;

export interface NonceSource {
  next(): Promise<number>;
}

export class PersistentNonceSource implements NonceSource {
  private last: number;
  /** Every value up to this one is covered by a completed write. */
  private durable: number;
  /** Every value up to this one is covered by a write that has started. */
  private reserved: number;
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ValueStore,
    private readonly now: () => number = Date.now,
    private readonly key: string = NONCE_STORE_KEY,
  ) {
    const stored = store.get(key);
    this.last = typeof stored === 'number' && Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
    this.durable = this.last;
    this.reserved = this.last;
  }

  /** Resolves once a ceiling at or above the value is persisted, so it survives a restart. */
  next(): Promise<number> {
    const value = Math.max(this.last + 1, Math.floor(this.now()), 1);
    this.last = value;
    if (value <= this.durable) return Promise.resolve(value);
    if (value > this.reserved) this.reserve(value + NONCE_RESERVATION);
    // A failed write only weakens restart safety; the value is still valid now.
    return this.persisting.then(() => value);
  }

  /** Writes are chained, so a slow write can never overwrite a higher ceiling with a lower one. */
  private reserve(ceiling: number): void {
    this.reserved = ceiling;
    this.persisting = this.persisting.then(() =>
      this.store.update(this.key, ceiling).then(
        () => {
          this.durable = Math.max(this.durable, ceiling);
        },
        () => {
          // Not durable: the next value beyond the last durable ceiling tries to write again.
          this.reserved = Math.min(this.reserved, this.durable);
        },
      ),
    );
  }
}
