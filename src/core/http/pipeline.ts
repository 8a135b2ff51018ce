// One connection that carries many writes at once (HTTP/1.1 pipelining), for sending batches.
//
// Why one connection: the server accepts a session's nonces only in increasing order. Requests on
// parallel connections overtake each other; requests pipelined on one connection arrive, and are
// handled, in the order they were written. So a batch keeps many writes in flight without ever
// presenting a nonce after a higher one.
//
// Why writes are marked idempotent and non-blocking: undici otherwise waits for each POST's answer
// before writing the next one. It also means that when the connection drops, undici would write the
// unanswered requests again on a new connection — with the nonces they already carry. A server that
// handled one of them before the drop would refuse the copy as a reused nonce, and the sender would
// report a stored document as rejected. So a request is put on the wire at most once: a second
// attempt fails like a dropped connection, and the sender decides (new nonce, duplicate-safe).
import type { Dispatcher } from 'undici';

export const DEFAULT_PIPELINING = 32;

/** Request options that let undici pipeline a POST. */
export const PIPELINED_REQUEST = { idempotent: true, blocking: false } as const;

class NotWrittenTwice extends Error {
  readonly code = 'UND_ERR_SOCKET';
  constructor() {
    super('The connection closed before the answer came; the request was not sent again.');
  }
}

/** Passes everything through, but refuses to start the same request a second time. */
class WrittenOnce implements Dispatcher.DispatchHandler {
  private started = false;

  constructor(private readonly handler: Dispatcher.DispatchHandler) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    // Thrown here, undici fails this request without touching the connection (others use it).
    if (this.started) throw new NotWrittenTwice();
    this.started = true;
    this.handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.handler.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>): void {
    this.handler.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>): void {
    this.handler.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>): void {
    this.handler.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseError']>>): void {
    this.handler.onResponseError?.(...args);
  }
}

/** An interceptor (for `dispatcher.compose`) under which no request is written twice. */
export const writtenAtMostOnce: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => dispatch(options, new WrittenOnce(handler));
