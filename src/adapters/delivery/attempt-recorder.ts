/**
 * Attempts wait here from the end of their send until the worker's next
 * round writes them together with its claim (one transaction, one commit),
 * or until `flush` writes them alone. A send's slot is free once it is sent;
 * its delivery stays leased to the worker until the record commits, so a
 * crash in between only means the delivery goes again once the lease runs
 * out (at least once, platform.md §8.8).
 */
import type { DeliveryAttempt, DeliveryStatus } from '../../core/delivery/model.js';
import type { DeliveryRepository } from '../../core/delivery/ports.js';

export interface AttemptRecord {
  attempt: DeliveryAttempt;
  next: { status: DeliveryStatus; dueAt: number };
}

interface Waiting extends AttemptRecord {
  done: (error?: unknown) => void;
}

/** Attempts taken by one round or one flush. */
export interface RecordBatch {
  records: readonly AttemptRecord[];
  /** Tells each attempt's waiter whether its record committed. */
  settle(error?: unknown): void;
}

const MAX_BATCH = 256;

export class AttemptRecorder {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly deliveries: Pick<DeliveryRepository, 'recordAttempts'>,
    private readonly worker: string,
  ) {}

  /** Queues an attempt; resolves once its record committed. */
  record(record: AttemptRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...record, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  /** Up to MAX_BATCH queued attempts, for the caller to write in its own transaction and then settle. */
  take(): RecordBatch {
    const batch = this.queue.splice(0, MAX_BATCH);
    return {
      records: batch,
      settle: (error?: unknown) => {
        for (const waiting of batch) waiting.done(error);
      },
    };
  }

  /** Writes every queued attempt now, in transactions of their own. */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.take();
      try {
        await this.deliveries.recordAttempts(this.worker, batch.records);
        batch.settle();
      } catch (error) {
        batch.settle(error);
      }
    }
  }
}
