/**
 * Runs asynchronous tasks one at a time, in order. tfjs has one global backend, which a run
 * selects, so two runs must never interleave. `onIdle` is called whenever the last queued task
 * has finished, and `onError` with the error of a task that threw.
 */
export class RunQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly events: {
      onBusy(): void;
      onIdle(): void;
      onError(error: Error): void;
    },
  ) {}

  enqueue(task: () => Promise<void>): void {
    this.pending++;
    this.events.onBusy();
    this.tail = this.tail
      .then(task)
      .catch((error: unknown) => this.events.onError(error as Error))
      .finally(() => {
        this.pending--;
        if (this.pending === 0) {
          this.events.onIdle();
        }
      });
  }
}
