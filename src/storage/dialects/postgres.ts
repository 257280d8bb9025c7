import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Turns } from '../repositories/change-log.js';
import type { Database } from '../tables.js';
import { namingPreparedStatements } from './postgres-prepared.js';

// int8 columns hold epoch milliseconds and sequence numbers, all far below 2^53:
// read them as numbers rather than pg's default strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover, pg_terminate_backend)
  // has already been discarded by the pool, which opens a new one on the next
  // checkout. Without a listener, pg-pool rethrows it and takes the process down.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingPreparedStatements(pool) }) });
  pools.set(db, pool);
  return db;
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The connection pool's state, for /metrics: open connections, idle ones, and checkouts waiting for one. */
export function poolStats(db: Kysely<Database>): { total: number; idle: number; waiting: number } | undefined {
  const pool = pools.get(db);
  return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** "lark": the lock every larkcal transaction holds, from its first statement to its commit. */
const TURN_LOCK = 0x6c61726b;

/**
 * Transactions take turns per change-log shard, and the shard is the tenant.
 * A transaction scoped to a tenant holds TURN_LOCK shared and the tenant's own
 * lock (TURN_LOCK, hashtext(tenant)) exclusively; one that is not (the outbox,
 * a snapshot restore, a tenant purge, a use case that names no tenant) holds
 * TURN_LOCK exclusively, so it waits for every tenant's writers and they for it.
 *
 * Why the tenant, and one sequence for all: every reader of the log but one
 * reads one tenant's part of it (sync tokens of the calendar and event lists,
 * and of CalDAV, are per identity, and an identity lives in one tenant), and
 * one write may touch several calendars of its tenant (an event on attendees'
 * calendars), so a per-calendar shard would make sync tokens vectors. Within a
 * tenant, writers take turns, and `changes.seq` is a bigserial with CACHE 1,
 * so a tenant's numbers still commit in the order they are handed out: a
 * reader of one tenant that has seen N+1 has seen N (ChangeLog.head(tenant)).
 * Across tenants numbers interleave in commit order no longer, and the one
 * reader of every tenant, the delivery outbox, reads inside an unscoped
 * transaction: by the time it holds TURN_LOCK exclusively, every number handed
 * out so far has committed or rolled back. A visibility horizon (reading only
 * below the oldest open writer's number) would let that reader run alongside
 * the writers too, but PostgreSQL shows no open transaction's number to
 * another, so it would take a second lock per number, taken after nextval():
 * a race.
 *
 * A tenant's transaction that touches another tenant (an external attendee:
 * tenant A's event on the calendar of B's user, or B's reply to it) is rolled
 * back when it appends that change and run again holding TURN_LOCK
 * exclusively (store.ts), so B's numbers still commit in B's order.
 *
 * Either lock also serialises read-modify-writes of the data it covers (patch
 * a calendar, move a membership): a transaction's reads see every earlier
 * commit of its tenant. PostgreSQL releases the locks after the commit is
 * visible. Two tenants sharing a hashtext value only take turns needlessly.
 */
export const turns: Turns = {
  perTenant: true,
  async take(trx, tenantKey) {
    if (tenantKey === undefined) {
      await sql`select pg_advisory_xact_lock(${TURN_LOCK}::bigint)`.execute(trx);
      return;
    }
    // Shared before exclusive, in one statement (one round trip; the select list runs left to right).
    await sql`select pg_advisory_xact_lock_shared(${TURN_LOCK}::bigint), pg_advisory_xact_lock(${TURN_LOCK}::int4, hashtext(${tenantKey}))`.execute(trx);
  },
  async tryTakeAll(trx) {
    const { rows } = await sql<{ taken: boolean }>`select pg_try_advisory_xact_lock(${TURN_LOCK}::bigint) as taken`.execute(trx);
    return rows[0]?.taken === true;
  },
};
