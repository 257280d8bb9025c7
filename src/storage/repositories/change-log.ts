import { sql, type Kysely } from 'kysely';
import type { Change, ChangeLog } from '../../core/ports.js';
import type { Database } from '../tables.js';

/**
 * Sequence numbers must become visible in order, or a reader holding sync token
 * N could miss a row N-1 that commits after it. SQLite has one writer at a time;
 * on PostgreSQL writers take a transaction-scoped advisory lock before appending.
 */
const CHANGE_LOG_LOCK = 0x6c61726b; // "lark"

export class KyselyChangeLog implements ChangeLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly serializeAppends: boolean,
  ) {}

  async append(change: Change): Promise<number> {
    if (this.serializeAppends) await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(this.db);
    const row = await this.db
      .insertInto('changes')
      .values({
        tenant_key: change.tenantKey, topic: change.topic, change_type: change.changeType, calendar_id: change.calendarId,
        identity: change.identity, entity_id: change.entityId, payload: JSON.stringify(change.payload), at: change.at,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async head(): Promise<number> {
    const row = await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}
