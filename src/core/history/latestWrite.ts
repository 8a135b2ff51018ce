// Writing a state that keeps changing, to a store that must not see two writes at once: each write
// saves the state as it is when the write starts, and changes made during a write ask for one more
// write after it, however many there were. The last state is always the one saved last.

export class LatestWrite {
  private running: Promise<void> | undefined;
  private again = false;

  /** `write` saves the current state; it is never called while a call of it is still running. */
  constructor(private readonly write: () => Promise<void>) {}

  /** Asks for the current state to be saved; resolves once a write that started after this call has ended. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      try {
        do {
          this.again = false;
          await this.write();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    };
    this.running = run();
    return this.running;
  }
}
