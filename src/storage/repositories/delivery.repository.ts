import type { Kysely, Selectable } from 'kysely';
import type { DeliveredEventType, Delivery, DeliveryAttempt, DeliveryMode, DeliveryStatus, EventChangeType } from '../../core/delivery/model.js';
import type { DeliveryFilter, DeliveryRepository, OpenDeliveryStatus } from '../../core/delivery/ports.js';
import type { Database, DeliveryAttemptRow, DeliveryRow } from '../tables.js';

/**
 * Rows per multi-row statement: 13 columns × 100 stays far below SQLite's
 * 32,766 and PostgreSQL's 65,535 bound parameters.
 */
const ROWS_PER_STATEMENT = 100;

export class KyselyDeliveryRepository implements DeliveryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** PostgreSQL: several processes claim at once, each skipping rows another is taking. SQLite has one writer. */
    private readonly supportsSkipLocked: boolean,
  ) {}

  insert(d: Delivery): Promise<void> {
    return this.insertMany([d]);
  }

  async insertMany(deliveries: readonly Delivery[]): Promise<void> {
    for (const some of chunks(deliveries, ROWS_PER_STATEMENT)) {
      await this.db.insertInto('deliveries').values(some.map((d) => ({ ...deliveryToRow(d), claimed_by: null, claimed_until: null }))).execute();
    }
  }

  async findMergeable(mergeKey: string, now: number): Promise<Delivery | undefined> {
    const row = await this.db.selectFrom('deliveries').selectAll()
      .where('merge_key', '=', mergeKey).where('status', '=', 'pending').where('attempts', '=', 0)
      .where('claimed_by', 'is', null).where('due_at', '>', now)
      .orderBy('created_at', 'desc').limit(1)
      .executeTakeFirst();
    return row && rowToDelivery(row);
  }

  async merge(eventId: string, event: Record<string, unknown>, changeType: EventChangeType | null): Promise<void> {
    await this.db.updateTable('deliveries').set({ event: JSON.stringify(event), change_type: changeType })
      .where('event_id', '=', eventId).where('attempts', '=', 0).execute();
  }

  async discard(eventId: string): Promise<void> {
    await this.db.deleteFrom('deliveries').where('event_id', '=', eventId).where('attempts', '=', 0).execute();
  }

  claimDue(now: number, worker: string, leaseUntil: number, limit: number, connectedApps: readonly string[]): Promise<Delivery[]> {
    return claimIn(this.db, this.supportsSkipLocked, { now, worker, leaseUntil, limit, connectedApps });
  }

  recordAttempt(worker: string, attempt: DeliveryAttempt, next: { status: DeliveryStatus; dueAt: number }): Promise<void> {
    return this.recordAttempts(worker, [{ attempt, next }]);
  }

  async recordAttempts(worker: string, records: readonly AttemptRecord[]): Promise<void> {
    await this.db.transaction().execute((trx) => recordIn(trx, worker, records));
  }

  async recordAndClaim(worker: string, records: readonly AttemptRecord[], claim: Omit<Claim, 'worker'>): Promise<Delivery[]> {
    if (claim.limit <= 0) {
      await this.recordAttempts(worker, records);
      return [];
    }
    return this.db.transaction().execute(async (trx) => {
      await recordIn(trx, worker, records);
      return claimIn(trx, this.supportsSkipLocked, { ...claim, worker });
    });
  }

  async get(eventId: string): Promise<Delivery | undefined> {
    const row = await this.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).executeTakeFirst();
    return row && rowToDelivery(row);
  }

  async list(filter: DeliveryFilter): Promise<Delivery[]> {
    let query = this.db.selectFrom('deliveries').selectAll();
    if (filter.appId) query = query.where('app_id', '=', filter.appId);
    if (filter.status) query = query.where('status', '=', filter.status);
    const after = filter.after;
    if (after) {
      query = query.where((eb) => eb.or([
        eb('created_at', '>', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('event_id', '>', after.eventId)]),
      ]));
    }
    const rows = await query.orderBy('created_at').orderBy('event_id').limit(filter.limit).execute();
    return rows.map(rowToDelivery);
  }

  async countOpen(): Promise<Record<OpenDeliveryStatus, number>> {
    const counts: Record<OpenDeliveryStatus, number> = { pending: 0, failed: 0, exhausted: 0 };
    const rows = await this.db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('status', 'in', Object.keys(counts) as OpenDeliveryStatus[]).groupBy('status').execute();
    for (const row of rows) if (row.status in counts) counts[row.status as OpenDeliveryStatus] = Number(row.n);
    return counts;
  }

  async attemptsOf(eventIds: readonly string[]): Promise<DeliveryAttempt[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.db.selectFrom('delivery_attempts').selectAll().where('event_id', 'in', [...eventIds])
      .orderBy('event_id').orderBy('attempt').execute();
    return rows.map(rowToAttempt);
  }
}

type AttemptRecord = { attempt: DeliveryAttempt; next: { status: DeliveryStatus; dueAt: number } };
type Claim = { now: number; worker: string; leaseUntil: number; limit: number; connectedApps: readonly string[] };

/** Takes what is due for `worker` (DeliveryRepository.claimDue), on `db` or in a transaction. */
async function claimIn(db: Kysely<Database>, supportsSkipLocked: boolean, { now, worker, leaseUntil, limit, connectedApps }: Claim): Promise<Delivery[]> {
  let due = db.selectFrom('deliveries').select('event_id')
    .where('status', 'in', ['pending', 'failed'])
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .where((eb) => {
      const webhook = eb('app_id', 'in', eb.selectFrom('app_event_configs').select('app_id').where('delivery', '=', 'webhook'));
      return connectedApps.length > 0 ? eb.or([webhook, eb('app_id', 'in', [...connectedApps])]) : webhook;
    })
    .orderBy('due_at').orderBy('created_at')
    .limit(limit);
  if (supportsSkipLocked) due = due.forUpdate().skipLocked();
  const rows = await db.updateTable('deliveries')
    .set({ claimed_by: worker, claimed_until: leaseUntil })
    .where('event_id', 'in', due)
    .returningAll()
    .execute();
  return rows.map(rowToDelivery).sort((a, b) => a.dueAt - b.dueAt || a.createdAt - b.createdAt);
}

/** Records attempts and their deliveries' next states where `worker` still holds them (DeliveryRepository.recordAttempts), in `trx`. */
async function recordIn(trx: Kysely<Database>, worker: string, records: readonly AttemptRecord[]): Promise<void> {
  // Attempts that end alike (delivered on the first try, mostly) set their rows in one statement.
  const alike = new Map<string, AttemptRecord[]>();
  for (const record of records) {
    const key = `${record.next.status} ${record.next.dueAt} ${record.attempt.attempt}`;
    const group = alike.get(key);
    if (group) group.push(record);
    else alike.set(key, [record]);
  }
  const recorded: DeliveryAttempt[] = [];
  for (const group of alike.values()) {
    const { attempt: { attempt }, next } = group[0]!;
    const byEventId = new Map(group.map((r) => [r.attempt.eventId, r.attempt]));
    for (const ids of chunks([...byEventId.keys()], ROWS_PER_STATEMENT * 4)) {
      const updated = await trx.updateTable('deliveries')
        .set({ status: next.status, due_at: next.dueAt, attempts: attempt, claimed_by: null, claimed_until: null })
        .where('event_id', 'in', ids).where('claimed_by', '=', worker)
        .returning('event_id')
        .execute();
      // A worker whose lease ran out lost the delivery to another: its attempt is not the delivery's.
      for (const { event_id } of updated) recorded.push(byEventId.get(event_id)!);
    }
  }
  for (const attempts of chunks(recorded, ROWS_PER_STATEMENT)) {
    await trx.insertInto('delivery_attempts').values(attempts.map(attemptToRow))
      .onConflict((oc) => oc.columns(['event_id', 'attempt']).doNothing()).execute();
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function deliveryToRow(d: Delivery): Omit<DeliveryRow, 'claimed_by' | 'claimed_until'> {
  return {
    event_id: d.eventId, app_id: d.appId, tenant_key: d.tenantKey, event_type: d.eventType, event: JSON.stringify(d.event),
    merge_key: d.mergeKey, change_type: d.changeType, status: d.status, attempts: d.attempts, created_at: d.createdAt, due_at: d.dueAt,
  };
}

function rowToDelivery(r: Selectable<DeliveryRow>): Delivery {
  return {
    eventId: r.event_id,
    appId: r.app_id,
    tenantKey: r.tenant_key,
    eventType: r.event_type as DeliveredEventType,
    event: JSON.parse(r.event) as Record<string, unknown>,
    mergeKey: r.merge_key,
    changeType: r.change_type as EventChangeType | null,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    createdAt: Number(r.created_at),
    dueAt: Number(r.due_at),
  };
}

function attemptToRow(a: DeliveryAttempt): DeliveryAttemptRow {
  return {
    event_id: a.eventId, attempt: a.attempt, at: a.at, transport: a.transport, ok: a.ok ? 1 : 0,
    code: a.code, latency_ms: Math.round(a.latencyMs), error: a.error,
  };
}

function rowToAttempt(r: Selectable<DeliveryAttemptRow>): DeliveryAttempt {
  return {
    eventId: r.event_id, attempt: Number(r.attempt), at: Number(r.at), transport: r.transport as DeliveryMode,
    ok: Number(r.ok) === 1, code: r.code === null ? null : Number(r.code), latencyMs: Number(r.latency_ms), error: r.error,
  };
}
