import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
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
 * Transactions take turns, as they do on SQLite's single connection. Two things
 * hang on it: change-log numbers become visible in the order they were handed
 * out (a reader holding sync token N never misses an N that commits after N+1),
 * and a transaction's reads see every earlier commit, so a read-modify-write
 * (patch a calendar, move a membership) never overwrites a concurrent one.
 * The lock is released by PostgreSQL after the commit is visible.
 */
export async function takeTurn(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TURN_LOCK})`.execute(trx);
}
