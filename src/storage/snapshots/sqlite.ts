/**
 * SQLite: snapshots in an attached database next to the main one
 * (`larkcal.db-snapshots`, kept as long as the database is), or in memory for
 * `sqlite::memory:`. The one connection is the writers' turn (dialects/sqlite.ts).
 */
import { sql } from 'kysely';
import { createPrivately } from '../dialects/sqlite.js';
import type { SnapshotArea } from './area.js';
import { AREA } from './tables.js';

export const sqliteArea: SnapshotArea = {
  same: sql`is`,

  async indexCopy(trx, copy, key) {
    await sql`create unique index ${sql.table(`${AREA}.${copy}_key`)} on ${sql.id(copy)} (${sql.join(key.map((c) => sql.id(c)))})`.execute(trx);
  },

  async open(db) {
    const { rows } = await sql<{ name: string; file: string }>`select name, file from pragma_database_list`.execute(db);
    if (rows.some((r) => r.name === AREA)) return;
    const main = rows.find((r) => r.name === 'main')?.file ?? '';
    const file = main === '' ? ':memory:' : `${main}-snapshots`;
    // The copies hold what the database does (tokens among it): as private as it is.
    if (file !== ':memory:') createPrivately(file);
    await sql`attach database ${file} as ${sql.id(AREA)}`.execute(db);
    if (file !== ':memory:') await sql`pragma ${sql.id(AREA)}.journal_mode = wal`.execute(db);
  },

  async lastChange(trx) {
    const { rows } = await sql<{ seq: number }>`select seq from main.sqlite_sequence where name = 'changes'`.execute(trx);
    return Number(rows[0]?.seq ?? 0);
  },

  async setLastChange(trx, seq) {
    // AUTOINCREMENT keeps its high-water mark in sqlite_sequence, an ordinary table.
    await sql`delete from main.sqlite_sequence where name = 'changes'`.execute(trx);
    if (seq > 0) await sql`insert into main.sqlite_sequence (name, seq) values ('changes', ${seq})`.execute(trx);
  },
};
