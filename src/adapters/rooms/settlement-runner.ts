/**
 * Runs room settlement (core/rooms/settlement.ts) for `serve --room-booking
 * async`: a round every `pollMs`, and one at once when nudged (the clock
 * moved, issue #12 §2). Every decision is a transaction of its own, so a
 * round cut short by a crash or a stop leaves the rest due for the next.
 */
import type { Clock, Store } from '../../core/ports.js';
import { RoomSettlement } from '../../core/rooms/settlement.js';

export interface Settlement {
  settleDue(): Promise<number>;
}

export interface SettlementLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export class SettlementRunner {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private nudged = false;
  private stopped = true;

  constructor(
    private readonly settlement: Settlement,
    private readonly log: SettlementLog,
    private readonly pollMs = 100,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops polling and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /** A round now rather than at the next poll; a round already running is followed directly by another. */
  nudge(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.nudged = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delay = this.pollMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.settlement.settleDue()
        .then(() => undefined, (error: unknown) => this.log.error({ err: String(error) }, 'room settlement round failed'))
        .finally(() => {
          this.ticking = undefined;
          const again = this.nudged;
          this.nudged = false;
          this.schedule(again ? 0 : this.pollMs);
        });
    }, delay);
  }
}

/** Starts settling a server's room bookings. */
export function startSettlement(store: Store, clock: Clock, log: SettlementLog, pollMs?: number): SettlementRunner {
  const runner = new SettlementRunner(new RoomSettlement(store, clock), log, pollMs);
  runner.start();
  return runner;
}
