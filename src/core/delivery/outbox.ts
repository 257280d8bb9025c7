/**
 * The outbox: turns the change feed into deliveries. Each batch reads the
 * changes after the consumer's cursor, writes the events they cause and moves
 * the cursor, all in one transaction, so a change is never skipped and never
 * fanned out twice, even across a crash or several processes.
 */
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import { randomHex } from '../ids.js';
import { mergedChange } from './merge.js';
import { MERGE_WINDOW_MS, type Delivery } from './model.js';
import { batchLookups, plannedEvents, type PlannedEvent } from './targeting.js';

export const OUTBOX_CONSUMER = 'delivery';

/** The feed and its cursor, the outbox, and what targeting reads. */
type OutboxPorts = 'changes' | 'deliveries' | 'eventSubscriptions' | 'tenancy' | 'calendars' | 'appEvents';

export interface OutboxOptions {
  /** Event changes within this window merge (§10.3); 0 turns merging off (the bench measures latency so). */
  mergeWindowMs?: number;
  batchSize?: number;
}

export class Outbox {
  private readonly mergeWindowMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly store: UnitOfWork<OutboxPorts>,
    private readonly clock: Clock,
    options: OutboxOptions = {},
  ) {
    this.mergeWindowMs = options.mergeWindowMs ?? MERGE_WINDOW_MS;
    this.batchSize = options.batchSize ?? 200;
  }

  /** Fans out the next batch of changes; returns how many changes it took (0: caught up). */
  async drain(): Promise<number> {
    // A cheap look first: most polls find nothing, and need not take the writers' turn.
    const cursor = await this.store.changes.cursor(OUTBOX_CONSUMER);
    if ((await this.store.changes.head()) <= cursor) return 0;
    return this.store.transaction(async (repos) => {
      const from = await repos.changes.cursor(OUTBOX_CONSUMER);
      const changes = await repos.changes.readAfter(from, this.batchSize);
      if (changes.length === 0) return 0;
      const lookups = batchLookups(repos);
      for (const change of changes) {
        for (const planned of await plannedEvents(lookups, change)) await this.enqueue(repos, planned);
      }
      await repos.changes.advanceCursor(OUTBOX_CONSUMER, changes[changes.length - 1]!.seq);
      return changes.length;
    });
  }

  private async enqueue(repos: Needs<OutboxPorts>, planned: PlannedEvent): Promise<void> {
    const now = this.clock.now();
    const merge = planned.merge;
    if (merge && this.mergeWindowMs > 0) {
      const open = await repos.deliveries.findMergeable(merge.key, now);
      if (open?.changeType) {
        const changeType = mergedChange(open.changeType, merge.changeType);
        if (changeType === null) await repos.deliveries.discard(open.eventId);
        else await repos.deliveries.merge(open.eventId, { ...planned.event, change_type: changeType }, changeType);
        return;
      }
    }
    const delivery: Delivery = {
      eventId: randomHex(16),
      appId: planned.app.appId,
      tenantKey: planned.app.tenantKey,
      eventType: planned.eventType,
      event: planned.event,
      mergeKey: merge?.key ?? null,
      changeType: merge?.changeType ?? null,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      dueAt: merge ? now + this.mergeWindowMs : now,
    };
    await repos.deliveries.insert(delivery);
  }
}
