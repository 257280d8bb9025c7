/**
 * PostgreSQL's half of the compiled hot reads (issue #14 §3): the text of a
 * prepared query (repositories/prepared-query.ts) goes to the server as a
 * named statement, so each connection parses and plans it once and then only
 * binds and executes it. Every other statement is sent as before, unnamed:
 * their texts are not bounded (an `in` list of any length), the names are.
 */
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';
import { preparedStatementName } from '../repositories/prepared-query.js';

/** The pool as Kysely's PostgreSQL driver sees it, its clients naming the prepared queries' statements. */
export function namingPreparedStatements(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let named = clients.get(client);
      if (!named) {
        // pg-pool listens for errors only while a client is idle. One the server drops while checked out
        // between two statements (a restart under load) would emit an unhandled 'error' and take the
        // process down; its next statement fails instead, and the pool discards it on release.
        client.on('error', () => {});
        clients.set(client, (named = namingClient(client)));
      }
      return named;
    },
    end: () => pool.end(),
  };
}

function namingClient(client: pg.PoolClient): PostgresPoolClient {
  return {
    query(text: unknown, values?: ReadonlyArray<unknown>) {
      // A cursor (Kysely's streams) passes through as it came.
      if (typeof text !== 'string') return client.query(text as pg.Submittable) as never;
      const name = preparedStatementName(text);
      const config: pg.QueryConfig = name ? { name, text, values: values as unknown[] } : { text, values: values as unknown[] };
      return client.query(config) as Promise<PostgresQueryResult<never>> as never;
    },
    release: () => client.release(),
  } as PostgresPoolClient;
}
