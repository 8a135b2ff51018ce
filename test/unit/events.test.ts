// The one event and lifecycle idiom: Emitter and DisposableStore (src/core/host/events.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisposableStore, Emitter } from '../../src/core/host/events';

describe('Emitter', () => {
  it('tells every listener, in the order they subscribed, until each unsubscribes', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    const first = emitter.event((value) => heard.push(`first ${value}`));
    emitter.event((value) => heard.push(`second ${value}`));
    emitter.fire(1);
    first.dispose();
    emitter.fire(2);
    assert.deepEqual(heard, ['first 1', 'second 1', 'second 2']);
  });

  it('tells a listener subscribed twice once', () => {
    const emitter = new Emitter<number>();
    let calls = 0;
    const listener = () => {
      calls += 1;
    };
    emitter.event(listener);
    emitter.event(listener);
    emitter.fire(0);
    assert.equal(calls, 1);
  });

  it('a listener that throws does not keep the others from hearing, and its error is handed on', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((error) => errors.push(error));
    const heard: string[] = [];
    emitter.event(() => {
      throw new Error('listener failed');
    });
    emitter.event((value) => heard.push(value));
    emitter.fire('news');
    assert.deepEqual(heard, ['news']);
    assert.equal((errors[0] as Error).message, 'listener failed');
  });

  it('without an error handler, a throwing listener is ignored', () => {
    const emitter = new Emitter<void>();
    emitter.event(() => {
      throw new Error('ignored');
    });
    assert.doesNotThrow(() => emitter.fire());
  });

  it('a fire tells the listeners subscribed when it began, even one unsubscribed meanwhile', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    emitter.event(() => second.dispose());
    const second = emitter.event((value) => heard.push(value));
    emitter.fire(1);
    emitter.fire(2);
    assert.deepEqual(heard, [1]);
  });

  it('disposing it drops every listener', () => {
    const emitter = new Emitter<number>();
    let calls = 0;
    emitter.event(() => {
      calls += 1;
    });
    emitter.dispose();
    emitter.fire(1);
    assert.equal(calls, 0);
  });
});

describe('DisposableStore', () => {
  it('disposes what it holds once, in the order it was added', () => {
    const store = new DisposableStore();
    const disposed: string[] = [];
    store.add({ dispose: () => disposed.push('a') });
    store.add({ dispose: () => disposed.push('b') });
    store.dispose();
    store.dispose();
    assert.deepEqual(disposed, ['a', 'b']);
  });

  it('returns what it adds', () => {
    const store = new DisposableStore();
    const item = { dispose: () => undefined, name: 'item' };
    assert.equal(store.add(item), item);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add({
      dispose: () => {
        disposed = true;
      },
    });
    assert.equal(disposed, true);
  });

  it('disposes everything even when one disposal throws, then reports the failure', () => {
    const store = new DisposableStore();
    const disposed: string[] = [];
    store.add({
      dispose: () => {
        throw new Error('first failed');
      },
    });
    store.add({ dispose: () => disposed.push('second') });
    assert.throws(() => store.dispose(), /first failed/);
    assert.deepEqual(disposed, ['second']);
  });

  it('reports several failed disposals together', () => {
    const store = new DisposableStore();
    for (const name of ['one', 'two']) {
      store.add({
        dispose: () => {
          throw new Error(name);
        },
      });
    }
    assert.throws(
      () => store.dispose(),
      (error: unknown) => error instanceof AggregateError && error.errors.length === 2,
    );
  });
});
