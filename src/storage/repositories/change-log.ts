import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ChangeLog } from '../../core/changes/feed.js';
import type { Change, ChangeData, LoggedChange } from '../../core/changes/model.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { ChangeRow, Database } from '../tables.js';
import { prepare } from './prepared-query.js';

/** The newest sequence number: the outbox's poll (issue #14 §3). */
const newestSeq = prepare((db) => db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')));
/** A tenant's newest: its sync tokens, on PostgreSQL where tenants commit apart (issue #14 §4). */
const newestSeqOfTenant = prepare((db, tenantKey: string) => db.selectFrom('changes').select((eb) => eb.fn.max('seq').as('seq')).where('tenant_key', '=', tenantKey));

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
  /** Tenants take turns apart (PostgreSQL): a tenant's transaction must then stay within its tenant. */
  perTenant?: boolean;
}

/**
 * Thrown inside a tenant's transaction that touched another tenant's change or
 * calendar (an external attendee: an event of tenant A on the calendar of a
 * user of B, or B's reply to it). Its numbers would not commit in B's turn, so
 * B's readers could see a later one first: the store rolls it back and runs it
 * again holding every tenant's turn (store.ts).
 */
export class OtherTenantsTurn extends Error {
  constructor(turn: string, other: string) {
    super(`a transaction of tenant ${turn} touched tenant ${other}: it must hold every tenant's turn`);
  }
}

/** What a transaction's repositories share: set once it has touched another tenant, even if `work` swallowed the error. */
export interface TurnState {
  crossed: boolean;
}

/**
 * Where a change log's statements run: outside any transaction, or in one that
 * holds a tenant's turn (`tenantKey`) or every tenant's (`tenantKey` undefined).
 */
export type ChangeLogScope = { inTransaction: false } | { inTransaction: true; tenantKey?: string; state?: TurnState };

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
      const once = (tenantKey: string | undefined) => this.db.transaction().execute(async (trx) => {
        await this.turns.take(trx, tenantKey);
        return new KyselyChangeLog(trx, this.turns, { inTransaction: true, ...(tenantKey !== undefined && { tenantKey }) }).append(change);
      });
      // On another tenant's calendar: again, in every tenant's turn (as store.ts does for a transaction).
      return once(change.tenantKey).catch((error: unknown) => {
        if (error instanceof OtherTenantsTurn) return once(undefined);
        throw error;
      });
    }
    const turn = this.turns.perTenant ? this.scope.tenantKey : undefined;
    if (turn === undefined) {
      const row = await this.db.insertInto('changes').values(changeToRow(change)).returning('seq').executeTakeFirstOrThrow();
      return Number(row.seq);
    }
    if (change.tenantKey !== turn) this.cross(turn, change.tenantKey);
    // The calendar's tenant in the same statement: an event's change on an external attendee's calendar is the event tenant's.
    const row = await this.db.insertInto('changes').values(changeToRow(change))
      .returning((eb) => ['seq', eb.selectFrom('calendars').select('tenant_key').where('calendar_id', '=', change.calendarId).as('calendar_tenant')])
      .executeTakeFirstOrThrow();
    if (row.calendar_tenant != null && row.calendar_tenant !== turn) this.cross(turn, row.calendar_tenant);
    return Number(row.seq);
  }

  private cross(turn: string, other: string): never {
    if (this.scope.inTransaction && this.scope.state) this.scope.state.crossed = true;
    throw new OtherTenantsTurn(turn, other);
  }

  async head(tenantKey?: string): Promise<number> {
    const row = tenantKey === undefined ? await newestSeq.first(this.db) : await newestSeqOfTenant.first(this.db, tenantKey);
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
