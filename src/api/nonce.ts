// The server rejects any nonce that is not above the last one of the session, and a rejected nonce
// is still consumed. Values are therefore handed out synchronously (so concurrent callers can never
// get the same or a lower value), follow the wall clock as the API recommends, and never fall below
// the last value handed out — even after a restart or when the system clock is set back.
import type { ValueStore } from './ports';

export const NONCE_STORE_KEY = 'gestix.lastNonce';

export interface NonceSource {
  next(): Promise<number>;
}

export class PersistentNonceSource implements NonceSource {
  private last: number;
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ValueStore,
    private readonly now: () => number = Date.now,
    private readonly key: string = NONCE_STORE_KEY,
  ) {
    const stored = store.get(key);
    this.last = typeof stored === 'number' && Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
  }

  /** Resolves once the value is persisted, so a value in use always survives a restart. */
  next(): Promise<number> {
    const value = Math.max(this.last + 1, Math.floor(this.now()), 1);
    this.last = value;
    // Writes are chained and always store the newest value, so a slow write cannot overwrite a
    // newer one with an older value.
    const write = this.persisting.then(() => this.store.update(this.key, this.last));
    this.persisting = write.catch(() => undefined);
    return write.then(
      () => value,
      () => value, // a failed write only weakens restart safety; the value is still valid now
    );
  }
}
