/**
 * PostgreSQL: snapshots in a schema of the same database, one table per
 * snapshot and table. The writers' turn is the advisory lock (dialects/postgres.ts).
 */
import { sql } from 'kysely';
import type { SnapshotArea } from './area.js';
import { AREA } from './tables.js';

const CHANGES_SEQ = sql`pg_get_serial_sequence('changes', 'seq')`;

export const postgresArea: SnapshotArea = {
  same: sql`is not distinct from`,

  async indexCopy(trx, copy, key) {
    // The index goes to its table's schema; its name is not qualified.
    await sql`create unique index ${sql.id(`${copy}_key`)} on ${sql.table(`${AREA}.${copy}`)} (${sql.join(key.map((c) => sql.id(c)))})`.execute(trx);
  },

  async open(db) {
    await sql`create schema if not exists ${sql.id(AREA)}`.execute(db);
  },

  async lastChange(trx) {
    // Null while the sequence has handed out nothing.
    const { rows } = await sql<{ seq: number | null }>`select pg_sequence_last_value(${CHANGES_SEQ}::regclass) as seq`.execute(trx);
    return Number(rows[0]?.seq ?? 0);
  },

  async setLastChange(trx, seq) {
    // setval is not undone by a rollback; the caller runs it last, just before the commit.
    await sql`select setval(${CHANGES_SEQ}, ${seq > 0 ? seq : 1}, ${seq > 0})`.execute(trx);
  },
};
