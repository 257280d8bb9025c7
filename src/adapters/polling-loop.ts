/**
 * A background round every `pollMs`, and one at once when nudged (the sandbox
 * clock moved, issue #12 §2). Never two rounds together: a nudge during a
 * round is a round right after it. A failed round is logged and the loop goes on.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private nudged = false;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.pollMs);
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.nudged = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round()
        .then(() => undefined, this.onError)
        .finally(() => {
          this.running = undefined;
          const again = this.nudged;
          this.nudged = false;
          this.schedule(again ? 0 : this.pollMs);
        });
    }, delay);
  }
}
