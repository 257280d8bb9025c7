/**
 * A one-line progress bar on a terminal (issue #11 §4): redrawn in place with
 * `\r` at most every 100 ms, and only when stderr is a TTY, so that piped or
 * logged output holds just the summary.
 */
const WIDTH = 24;
const EVERY_MS = 100;

export interface ProgressState {
  /** Bytes of the file read so far, and in all. */
  done: number;
  total: number;
  events: number;
  elapsedMs: number;
}

/** `[██████░░░░…]  42%  12,345 events  4,321/s` */
export function progressLine(state: ProgressState): string {
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const filled = Math.round(fraction * WIDTH);
  const rate = state.elapsedMs > 0 ? Math.round((state.events * 1000) / state.elapsedMs) : 0;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${percent}  ${state.events.toLocaleString('en-US')} events  ${rate.toLocaleString('en-US')}/s`;
}

export class ProgressBar {
  private readonly started = Date.now();
  private drawnAt = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly total: number,
  ) {}

  get enabled(): boolean {
    return this.out.isTTY === true;
  }

  update(done: number, events: number): void {
    const now = Date.now();
    if (!this.enabled || now - this.drawnAt < EVERY_MS) return;
    this.draw(done, events, now);
  }

  /** The last frame (at 100%), then the line is left for what follows. */
  finish(events: number): void {
    if (!this.enabled) return;
    this.draw(this.total, events, Date.now());
    this.out.write('\n');
  }

  private draw(done: number, events: number, now: number): void {
    this.drawnAt = now;
    this.out.write(`\r${progressLine({ done, total: this.total, events, elapsedMs: now - this.started })}`);
  }
}
