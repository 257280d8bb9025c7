import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../tables.js';

// int8 columns hold epoch milliseconds and sequence numbers, all far below 2^53:
// read them as numbers rather than pg's default strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function openPostgres(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover, pg_terminate_backend)
  // has already been discarded by the pool, which opens a new one on the next
  // checkout. Without a listener, pg-pool rethrows it and takes the process down.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
