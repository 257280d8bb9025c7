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
      const fresh = new FreshDeliveries();
      for (const change of changes) {
        for (const planned of await plannedEvents(lookups, change)) await this.enqueue(repos, fresh, planned);
      }
      await repos.deliveries.insertMany(fresh.rows());
      await repos.changes.advanceCursor(OUTBOX_CONSUMER, changes[changes.length - 1]!.seq);
      return changes.length;
    });
  }

  private async enqueue(repos: Needs<OutboxPorts>, fresh: FreshDeliveries, planned: PlannedEvent): Promise<void> {
    const now = this.clock.now();
    const merge = planned.merge;
    if (merge && this.mergeWindowMs > 0) {
      // The newest open one first: one made by this batch, not yet written, else one in the outbox.
      const made = fresh.mergeable(merge.key, now);
      const open = made ?? await repos.deliveries.findMergeable(merge.key, now);
      if (open?.changeType) {
        const changeType = mergedChange(open.changeType, merge.changeType);
        const event = { ...planned.event, change_type: changeType };
        if (made) fresh.merge(made, changeType === null ? null : { event, changeType });
        else if (changeType === null) await repos.deliveries.discard(open.eventId);
        else await repos.deliveries.merge(open.eventId, event, changeType);
        return;
      }
    }
    fresh.add({
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
    });
  }
}

/**
 * The deliveries one batch makes, written together at its end (one statement,
 * not one per delivery) in the batch's transaction, so they commit with the
 * cursor that covers their changes. Until then a later change of the batch
 * merges into them here, as it would into a row of the outbox.
 */
class FreshDeliveries {
  private readonly made: Delivery[] = [];
  /** The newest of `made` under each merge key. */
  private readonly byKey = new Map<string, Delivery>();

  add(delivery: Delivery): void {
    this.made.push(delivery);
    if (delivery.mergeKey !== null) this.byKey.set(delivery.mergeKey, delivery);
  }

  /** As `DeliveryRepository.findMergeable`: untried (all of these are) and its window still open. */
  mergeable(mergeKey: string, now: number): Delivery | undefined {
    const found = this.byKey.get(mergeKey);
    return found && found.dueAt > now ? found : undefined;
  }

  /** Replaces its event and change type, or (null) drops it: the two changes cancel out. */
  merge(delivery: Delivery, into: Pick<Delivery, 'event' | 'changeType'> | null): void {
    if (into) {
      delivery.event = into.event;
      delivery.changeType = into.changeType;
      return;
    }
    this.made.splice(this.made.indexOf(delivery), 1);
    this.byKey.delete(delivery.mergeKey!);
  }

  rows(): readonly Delivery[] {
    return this.made;
  }
}
