/**
 * Runs the Exchange binding sync (core/exchange/sync.ts) in the background:
 * a round every `pollMs`, and one at once when nudged (the sandbox clock
 * moved). Every step is a transaction of its own, so a round cut short by a
 * crash or a stop leaves the rest due for the next.
 */
import { ExchangeSync, type SyncLog } from '../../core/exchange/sync.js';
import type { MailboxReader } from '../../core/exchange/ports.js';
import type { Clock, Store } from '../../core/ports.js';
import { PollingLoop } from '../polling-loop.js';

export interface ExchangeLog extends SyncLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export class ExchangeSyncRunner {
  private readonly loop: PollingLoop;

  constructor(readonly sync: ExchangeSync, log: ExchangeLog, pollMs = 200) {
    this.loop = new PollingLoop(() => sync.runDue(), (error) => log.error({ err: String(error) }, 'exchange sync round failed'), pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }
}

export interface ExchangeSyncOptions {
  refreshMs: number;
  stepMs?: number;
  pollMs?: number;
}

/** Starts syncing a server's Exchange bindings from their mailboxes. */
export function startExchangeSync(store: Store, clock: Clock, reader: MailboxReader, log: ExchangeLog, options: ExchangeSyncOptions): ExchangeSyncRunner {
  const sync = new ExchangeSync(store, clock, reader, log, { refreshMs: options.refreshMs, ...(options.stepMs !== undefined && { stepMs: options.stepMs }) });
  const runner = new ExchangeSyncRunner(sync, log, options.pollMs);
  runner.start();
  return runner;
}
