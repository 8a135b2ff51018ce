// Numbers from settings and servers cannot make a timer fire at once: setTimeout runs any delay over
// 2^31-1 ms after 1 ms, which turned a hostile poll interval or timeout into a request storm.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_MS, systemClock, timerDelay } from '../../src/core/host/clock';
import { clampSetting, NUMERIC_SETTINGS, POLL_SECONDS, REQUEST_TIMEOUT_SECONDS, SANDBOX_PORT } from '../../src/core/host/settingRanges';

describe('numeric settings', () => {
  it('are clamped to their documented ranges; what is not a finite number gets the default', () => {
    assert.equal(clampSetting(POLL_SECONDS, 1_000_000_000), 3600);
    assert.equal(clampSetting(POLL_SECONDS, 1), 15);
    assert.equal(clampSetting(POLL_SECONDS, 20.6), 21);
    assert.equal(clampSetting(REQUEST_TIMEOUT_SECONDS, 99_999_999), 600);
    assert.equal(clampSetting(REQUEST_TIMEOUT_SECONDS, 0), 1);
    assert.equal(clampSetting(REQUEST_TIMEOUT_SECONDS, 2.5), 2.5);
    assert.equal(clampSetting(SANDBOX_PORT, 70_000), 65_535);
    assert.equal(clampSetting(SANDBOX_PORT, -1), 0);
    for (const value of [undefined, null, '30', Number.NaN, Number.POSITIVE_INFINITY, {}, [60]]) {
      assert.equal(clampSetting(REQUEST_TIMEOUT_SECONDS, value), 30, JSON.stringify(value));
    }
  });

  it('every range fits a timer in milliseconds', () => {
    for (const [name, range] of Object.entries(NUMERIC_SETTINGS)) {
      assert.ok(range.min <= range.default && range.default <= range.max, name);
      assert.ok(range.max * 1000 <= MAX_TIMER_MS, name);
    }
  });
});

describe('timers', () => {
  it('a delay is kept within what setTimeout honours', () => {
    assert.equal(timerDelay(2 ** 31), MAX_TIMER_MS);
    assert.equal(timerDelay(1e15), MAX_TIMER_MS);
    assert.equal(timerDelay(Number.POSITIVE_INFINITY), MAX_TIMER_MS);
    assert.equal(timerDelay(-5), 0);
    assert.equal(timerDelay(Number.NaN), 0);
    assert.equal(timerDelay(1500), 1500);
  });

  it('sleeping past the limit does not wake at once', async () => {
    const controller = new AbortController();
    let woke = false;
    const sleeping = systemClock.sleep(1e12, controller.signal).then(() => {
      woke = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(woke, false, 'a 2^31 ms overflow would have woken it after 1 ms');
    controller.abort();
    await sleeping;
    assert.equal(woke, true);
  });
});
