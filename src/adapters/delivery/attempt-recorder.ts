/**
 * Records attempts in shared transactions: the attempts that finish while one
 * batch is being written go together in the next. Each caller still resolves
 * only once its own record has committed, so nothing is acknowledged early; a
 * crash before that leaves the delivery leased, and it is tried again.
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

const MAX_BATCH = 256;

export class AttemptRecorder {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly deliveries: Pick<DeliveryRepository, 'recordAttempts'>,
    private readonly worker: string,
  ) {}

  record(record: AttemptRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...record, done: (error) => (error === undefined ? resolve() : reject(error)) });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.deliveries.recordAttempts(this.worker, batch);
          for (const w of batch) w.done();
        } catch (error) {
          for (const w of batch) w.done(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
