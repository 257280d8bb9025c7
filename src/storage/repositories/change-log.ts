import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ChangeLog } from '../../core/changes/feed.js';
import type { Change, ChangeData, LoggedChange } from '../../core/changes/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { ChangeRow, Database } from '../tables.js';

/** Takes the writers' turn in a transaction: a tenant's (its shard of the log), or every tenant's. */
export type TakeTurn = (trx: Transaction<Database>, tenantKey?: string) => Promise<void>;

/** A dialect's turns (dialects/*). */
export interface Turns {
  take: TakeTurn;
  /**
   * Takes every tenant's turn if no writer holds one now, without waiting; false
   * if one does. Undefined where transactions take one turn for all anyway (SQLite).
   */
  tryTakeAll?: (trx: Transaction<Database>) => Promise<boolean>;
}

/**
 * Where a change log's statements run: outside any transaction, or in one that
 * holds a tenant's turn (`tenantKey`) or every tenant's (`tenantKey` undefined).
 */
export type ChangeLogScope = { inTransaction: false } | { inTransaction: true; tenantKey?: string };

/**
 * Sequence numbers must become visible in order, or a reader holding sync token
 * N (or a feed cursor at N) could miss a row N-1 that commits after it. Every
 * append therefore runs in a transaction that has taken its tenant's turn
 * (dialects/*: takeTurn): the caller's, or one of its own when called outside a
 * transaction. The turn is held until the commit is visible, so a reader of the
 * tenant never sees its N+1 while its N is uncommitted. Across tenants only a
 * reader holding every turn gets that (readAfter), see dialects/postgres.ts.
 */
export class KyselyChangeLog implements ChangeLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly turns: Turns,
    private readonly scope: ChangeLogScope = { inTransaction: false },
  ) {}

  async append(change: Change): Promise<number> {
    if (!this.scope.inTransaction) {
      return this.db.transaction().execute(async (trx) => {
        await this.turns.take(trx, change.tenantKey);
        return new KyselyChangeLog(trx, this.turns, { inTransaction: true, tenantKey: change.tenantKey }).append(change);
      });
    }
    const turn = this.scope.tenantKey;
    // Tenant B's number would commit in A's turn, not B's, and could become visible before an earlier one of B.
    if (turn !== undefined && turn !== change.tenantKey) {
      throw new Error(`a transaction of tenant ${turn} appended a change of tenant ${change.tenantKey}`);
    }
    const row = await this.db.insertInto('changes').values(changeToRow(change)).returning('seq').executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  async head(tenantKey?: string): Promise<number> {
    let query = this.db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq'));
    if (tenantKey !== undefined) query = query.where('tenant_key', '=', tenantKey);
    const row = await query.executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  async readAfter(seq: number, limit: number): Promise<LoggedChange[]> {
    const tryTakeAll = this.turns.tryTakeAll;
    if (!this.scope.inTransaction && tryTakeAll) {
      // Without waiting for writers, and without stopping them for longer than one read: while one of
      // them is open, nothing is known to be gapless, so nothing is read (the outbox reads in its turn).
      return this.db.transaction().execute(async (trx) =>
        (await tryTakeAll(trx)) ? new KyselyChangeLog(trx, this.turns, { inTransaction: true }).readAfter(seq, limit) : []);
    }
    if (this.scope.inTransaction && this.scope.tenantKey !== undefined) throw new Error('readAfter reads every tenant: call it outside a tenant\'s transaction');
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
