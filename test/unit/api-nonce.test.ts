import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NONCE_RESERVATION, NONCE_STORE_KEY, PersistentNonceSource } from '../../src/core/session/nonce';
import { MemoryValueStore } from './api-support';

function strictlyIncreasing(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > (values[index - 1]));
}

describe('PersistentNonceSource', () => {
  it('follows the clock when the clock is ahead of the last value', async () => {
    let now = 1_700_000_000_000;
    const source = new PersistentNonceSource(new MemoryValueStore(), () => now);
    assert.equal(await source.next(), 1_700_000_000_000);
    now += 5_000;
    assert.equal(await source.next(), 1_700_000_005_000);
  });

  it('hands out distinct, strictly increasing values to concurrent callers', async () => {
    const source = new PersistentNonceSource(new MemoryValueStore(), () => 1_700_000_000_000);
    const values = await Promise.all(Array.from({ length: 200 }, () => source.next()));
    assert.equal(new Set(values).size, 200);
    assert.ok(strictlyIncreasing(values), 'values in call order are strictly increasing');
    assert.ok(values.every((value) => Number.isSafeInteger(value) && value > 0));
  });

  it('persists the last value and continues above it after a restart, even with an earlier clock', async () => {
    const store = new MemoryValueStore();
    const before = new PersistentNonceSource(store, () => 2_000_000_000_000);
    const last = await before.next();
    assert.ok((store.get(NONCE_STORE_KEY) ?? 0) >= last);

    const afterRestart = new PersistentNonceSource(store, () => 1_000_000_000_000);
    const next = await afterRestart.next();
    assert.ok(next > last && next <= last + NONCE_RESERVATION + 1, `${next} continues just above ${last}`);
  });

  it('never goes backwards when the system clock is set back', async () => {
    let now = 1_700_000_010_000;
    const source = new PersistentNonceSource(new MemoryValueStore(), () => now);
    const first = await source.next();
    now -= 60_000;
    const second = await source.next();
    now -= 3_600_000;
    const third = await source.next();
    assert.ok(strictlyIncreasing([first, second, third]));
  });

  it('is never below the current time', async () => {
    const store = new MemoryValueStore();
    await store.update(NONCE_STORE_KEY, 5);
    const source = new PersistentNonceSource(store, () => 1_700_000_000_000);
    assert.ok((await source.next()) >= 1_700_000_000_000);
  });

  it('ignores a corrupt stored value and still produces a positive integer', async () => {
    const store = new MemoryValueStore();
    store.values.set(NONCE_STORE_KEY, -12.5);
    const source = new PersistentNonceSource(store, () => 0);
    const value = await source.next();
    assert.ok(Number.isSafeInteger(value) && value >= 1);
  });

  it('stores the newest value last even when writes finish out of order', async () => {
    // Earlier values take longer to write, so a naive implementation would end with an older value.
    const store = new MemoryValueStore((value) => (value % 2 === 0 ? 15 : 1));
    let now = 1_700_000_000_000;
    const source = new PersistentNonceSource(store, () => {
      now += NONCE_RESERVATION + 1;
      return now;
    });
    const values = await Promise.all([source.next(), source.next(), source.next(), source.next()]);
    assert.deepEqual(store.writes, [...store.writes].sort((a, b) => a - b), 'ceilings are written in increasing order');
    assert.ok((store.get(NONCE_STORE_KEY) ?? 0) >= Math.max(...values));
  });

  it('writes once per block of values, not once per value', async () => {
    const store = new MemoryValueStore(() => 2);
    let now = 1_700_000_000_000;
    const source = new PersistentNonceSource(store, () => now);
    const values = await Promise.all(Array.from({ length: 5_000 }, () => source.next()));
    assert.equal(store.writes.length, 1);
    assert.ok(strictlyIncreasing(values));
    now += 10 * NONCE_RESERVATION;
    const later = await source.next();
    assert.equal(store.writes.length, 2);
    assert.ok((store.get(NONCE_STORE_KEY) ?? 0) >= later);
  });

  it('tries again after a failed write, and still hands out increasing values', async () => {
    let failing = true;
    const store = new MemoryValueStore();
    const flaky = { get: (key: string) => store.get(key), update: async (key: string, value: number) => (failing ? Promise.reject(new Error('disk full')) : store.update(key, value)) };
    const source = new PersistentNonceSource(flaky, () => 1_700_000_000_000);
    const first = await source.next();
    assert.equal(store.get(NONCE_STORE_KEY), undefined);
    failing = false;
    const second = await source.next();
    assert.ok(second > first);
    assert.ok((store.get(NONCE_STORE_KEY) ?? 0) >= second);
  });

  it('resolves each value only after it has been persisted', async () => {
    const store = new MemoryValueStore(() => 5);
    const source = new PersistentNonceSource(store, () => 1_700_000_000_000);
    const value = await source.next();
    assert.ok((store.get(NONCE_STORE_KEY) ?? 0) >= value);
  });
});
