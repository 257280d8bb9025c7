import type { Kysely, Transaction } from 'kysely';
import type { ChangeLog } from '../../core/changes/feed.js';
import type { Change } from '../../core/changes/model.js';
import type { ChangeRow, Database } from '../tables.js';

/**
 * Sequence numbers must become visible in order, or a reader holding sync token
 * N could miss a row N-1 that commits after it. Every
 * append therefore runs in a transaction that has taken its turn (dialects/*:
 * takeTurn): the caller's, or one of its own when called outside a transaction.
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
    const row = await this.db.insertInto('changes').values(changeToRow(change)).returning('seq').executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async head(): Promise<number> {
    const row = await this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }
}

/** The envelope goes into columns, the kind's own fields into `data`. */
function changeToRow(change: Change): Omit<ChangeRow, 'seq'> {
  const { kind, ...data } = change.data;
  return {
    tenant_key: change.tenantKey, kind, calendar_id: change.calendarId, actor: change.actor,
    affected: JSON.stringify(change.affected), data: JSON.stringify(data), at: change.at,
  };
}
