// The one event and lifecycle idiom of the extension, in the core and in the adapters alike. It has
// the shape of VS Code's own Event, Disposable and EventEmitter, so either side can hold the other's.

export interface Disposable {
  dispose(): void;
}

/** Subscribes a listener; disposing the returned Disposable unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * Listeners run in the order they subscribed, each once per fire even when subscribed twice. A
 * listener that throws does not keep the others from hearing the news: its error goes to
 * `onListenerError`.
 */
export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    // A copy: a listener may subscribe or unsubscribe while the others are told.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/**
 * What an owner disposes with itself, in the order it was added. Whatever is added after the store
 * was disposed is disposed at once, so a late registration cannot outlive its owner.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const failures: unknown[] = [];
    for (const item of this.items.splice(0)) {
      try {
        item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, 'Several disposals failed');
  }
}
