import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ChangeLog } from '../../core/changes/feed.js';
import type { Change, ChangeData, LoggedChange } from '../../core/changes/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { ChangeRow, Database } from '../tables.js';
import { prepare } from './prepared-query.js';

/** The newest sequence number: every sync token handed out, and the outbox's poll (issue #14 §3). */
const newestSeq = prepare((db) => db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')));

/**
 * Sequence numbers must become visible in order, or a reader holding sync token
 * N (or a feed cursor at N) could miss a row N-1 that commits after it. Every
 * append therefore runs in a transaction that has taken its turn (dialects/*:
 * takeTurn): the caller's, or one of its own when called outside a transaction.
 * The turn is held until the commit is visible, so readAfter never sees N+1
 * while N is uncommitted.
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
    const row = await newestSeq.first(this.db);
    return Number(row?.seq ?? 0);
  }

  async readAfter(seq: number, limit: number): Promise<LoggedChange[]> {
    const rows = await this.db.selectFrom('changes').selectAll().where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map(rowToChange);
  }

  async cursor(consumer: string): Promise<number> {
    const row = await this.db.selectFrom('change_cursors').select('seq').where('consumer', '=', consumer).executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async advanceCursor(consumer: string, seq: number): Promise<void> {
    await this.db
      .insertInto('change_cursors')
      .values({ consumer, seq })
      .onConflict((oc) => oc.column('consumer').doUpdateSet({ seq }).where('change_cursors.seq', '<', seq))
      .execute();
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

/** Rows are only ever written by changeToRow (or converted to its shape by migration 0008). */
function rowToChange(row: Selectable<ChangeRow>): LoggedChange {
  return {
    seq: Number(row.seq), tenantKey: row.tenant_key, calendarId: row.calendar_id, actor: row.actor as IdentityKey | null,
    affected: JSON.parse(row.affected) as IdentityKey[], at: Number(row.at),
    data: { kind: row.kind, ...JSON.parse(row.data) } as ChangeData,
  };
}
