/**
 * Runs room settlement (core/rooms/settlement.ts) for `serve --room-booking
 * async`: a round every `pollMs`, and one at once when nudged (the clock
 * moved, issue #12 §2). Every decision is a transaction of its own, so a
 * round cut short by a crash or a stop leaves the rest due for the next.
 */
import type { Clock, Store } from '../../core/ports.js';
import { RoomSettlement } from '../../core/rooms/settlement.js';
import { PollingLoop } from '../polling-loop.js';

export interface Settlement {
  settleDue(): Promise<number>;
}

export interface SettlementLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export class SettlementRunner {
  private readonly loop: PollingLoop;

  constructor(settlement: Settlement, log: SettlementLog, pollMs = 100) {
    this.loop = new PollingLoop(() => settlement.settleDue(), (error) => log.error({ err: String(error) }, 'room settlement round failed'), pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A round now rather than at the next poll; a round already running is followed directly by another. */
  nudge(): void {
    this.loop.nudge();
  }
}

/** Starts settling a server's room bookings. */
export function startSettlement(store: Store, clock: Clock, log: SettlementLog, pollMs?: number): SettlementRunner {
  const runner = new SettlementRunner(new RoomSettlement(store, clock), log, pollMs);
  runner.start();
  return runner;
}
