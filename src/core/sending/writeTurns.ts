/**
 * The server wants each nonce of a session above the last one it *received*. Two writes in flight
 * on different connections could arrive in the other order, and the later-numbered one would make
 * the other fail. So writes take turns, and each takes its nonce when its turn comes:
 * - an ordinary write's turn lasts until its answer, and starts only once every pipelined write
 *   before it has been answered (it travels on another connection and could overtake them);
 * - a pipelined write's turn ends once it is on the pipelining connection, which keeps the order.
 *
 * A server behind a load balancer may hand pipelined requests to several nodes and handle them out
 * of order; once it refuses a nonce for that, every write becomes ordinary: one in flight at a time.
 */
export class WriteTurns {
  private previous: Promise<unknown> = Promise.resolve();
  private readonly unanswered = new Set<Promise<unknown>>();
  private pipeliningAllowed = true;

  get pipelining(): boolean {
    return this.pipeliningAllowed;
  }

  /** From now on no write waits on the connection behind another. */
  oneAtATime(): void {
    this.pipeliningAllowed = false;
  }

  /**
   * `write` must have handed its request to the client when the promise it returns settles; it is
   * told whether to pipeline.
   */
  take<T>(wantsPipelining: boolean, write: (pipelined: boolean) => Promise<{ answer: Promise<T> }>): Promise<T> {
    const ready = wantsPipelining && this.pipeliningAllowed ? this.previous : Promise.allSettled([this.previous, ...this.unanswered]);
    // Decided when the turn comes: a fallback may have happened while this write waited.
    let pipelined = false;
    const written = ready.then(() => {
      pipelined = wantsPipelining && this.pipeliningAllowed;
      return write(pipelined);
    });
    const answer = written.then((sent) => sent.answer);
    const ignore = () => undefined;
    if (wantsPipelining && this.pipeliningAllowed) {
      // Whether this turn ends at the write or at the answer is only known once it starts.
      this.previous = written.then(
        () => (pipelined ? undefined : answer.then(ignore, ignore)),
        ignore,
      );
      const settled = answer.then(ignore, ignore);
      this.unanswered.add(settled);
      void settled.then(() => this.unanswered.delete(settled));
    } else {
      this.previous = answer.then(ignore, ignore);
    }
    return answer;
  }

  /** Runs `work` alone: after every earlier write is answered, before any later one starts. */
  alone<T>(work: () => Promise<T>): Promise<T> {
    return this.take(false, () => Promise.resolve({ answer: work() }));
  }
}
