// One request through undici's dispatch API, its answer collected into a buffer. The request API
// would wrap every answer in a stream that the client reads straight back into a buffer; for small
// JSON answers that stream is most of the cost of a request on a pipelined connection.
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';

interface CollectedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, or its first `maxBytes` bytes when it is longer (then the rest was not read). */
  bytes: Buffer;
  truncated: boolean;
}

class RequestCancelled extends Error {
  readonly code = 'UND_ERR_ABORTED';
  constructor() {
    super('The request was cancelled.');
  }
}

class BodyTooLarge extends Error {
  constructor() {
    super('The answer is larger than the client keeps; the rest was not read.');
  }
}

/** A request in flight: its answer, and a way to cancel it at any point. */
interface Collecting {
  response: Promise<CollectedResponse>;
  cancel(): void;
}

class Collector implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private cancelled = false;
  private settled = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  cancel(): void {
    if (this.settled || this.cancelled) return;
    this.cancelled = true;
    if (this.controller) {
      this.controller.abort(new RequestCancelled());
      return;
    }
    // Still queued (e.g. behind a slow answer on the same connection): settle now, and abort the
    // request when undici gets to it, before anything of it is written.
    this.settled = true;
    this.reject(new RequestCancelled());
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.cancelled) controller.abort(new RequestCancelled());
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.size + chunk.length > this.maxBytes) {
      this.chunks.push(chunk.subarray(0, this.maxBytes - this.size));
      this.size = this.maxBytes;
      this.finish(true);
      controller.abort(new BodyTooLarge());
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  onResponseEnd(): void {
    this.finish(false);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }

  private finish(truncated: boolean): void {
    if (this.settled) return;
    this.settled = true;
    const bytes = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status, headers: this.headers, bytes, truncated });
  }
}

export function collect(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, maxBytes: number): Collecting {
  let collector!: Collector;
  const response = new Promise<CollectedResponse>((resolve, reject) => {
    collector = new Collector(maxBytes, resolve, reject);
  });
  dispatcher.dispatch(options, collector);
  return { response, cancel: () => collector.cancel() };
}
