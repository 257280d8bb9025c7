import type { Kysely, Transaction } from 'kysely';
import type { Change, ChangeLog } from '../../core/ports.js';
import type { Database } from '../tables.js';

/**
 * Sequence numbers must become visible in order, or a reader holding sync token
 * N could miss a row N-1 that commits after it. Every append therefore runs in a
 * transaction that has taken its turn (dialects/*: takeTurn): the caller's, or
 * one of its own when called outside a transaction.
 */
export class KyselyChangeLog implements ChangeLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly takeTurn: (trx: Transaction<Database>) => Promise<void>,
  ) {}

  async append(change: Change): Promise<number> {
    if (!this.db.isTransaction) {
      return this.db.transaction().execute(async (trx) => {
        await this.takeTurn(trx);
        return new KyselyChangeLog(trx, this.takeTurn).append(change);
      });
    }
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
