/**
 * Snapshots as copies of every state table into the snapshot area
 * (`larkcal_snapshots.s<id>_<table>`), listed in its `catalog`. Taking, restoring
 * and dropping each run in one transaction that waits its turn with the
 * writers: a restore is atomic, and a concurrent request sees before or after.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { SnapshotInfo, StateRepository } from '../../core/sandbox/ports.js';
import type { SnapshotArea } from './area.js';
import { AREA, KEYS, STATE_TABLES, type StateTable } from './tables.js';
import { purgeTenant } from './tenant-purge.js';

const CATALOG = `${AREA}.catalog`;

interface CatalogRow {
  name: string;
  /** Names the copies; a name may be anything SNAPSHOT_NAME allows, an identifier may not. */
  id: number;
  created_at: number;
  /** The change log's counter when it was taken. */
  last_change: number;
  /** The latest migration then: a copy fits only the tables it was taken from. */
  migration: string;
}

const copyName = (id: number, table: StateTable) => `s${id}_${table}`;
const copyOf = (id: number, table: StateTable) => sql.table(`${AREA}.${copyName(id, table)}`);

export class KyselyStateRepository implements StateRepository {
  private opened: Promise<void> | undefined;
  /** Each table's columns, read once on open: the schema does not change while the server runs. */
  private readonly columns = new Map<StateTable, string[]>();

  constructor(
    private readonly db: Kysely<any>,
    private readonly area: SnapshotArea,
    private readonly takeTurn: (trx: Transaction<any>) => Promise<void>,
  ) {}

  snapshot(name: string, at: number): Promise<boolean> {
    return this.turn(async (trx) => {
      if (await this.find(trx, name)) return false;
      const { id } = await trx.selectFrom(CATALOG).select(sql<number>`coalesce(max(id), 0) + 1`.as('id')).executeTakeFirstOrThrow();
      for (const table of STATE_TABLES) {
        await sql`create table ${copyOf(id, table)} as select * from ${sql.table(table)}`.execute(trx);
        await this.area.indexCopy(trx, copyName(id, table), KEYS[table]);
      }
      const row: CatalogRow = { name, id, created_at: at, last_change: await this.area.lastChange(trx), migration: await latestMigration(trx) };
      await trx.insertInto(CATALOG).values(row).execute();
      return true;
    });
  }

  /**
   * Makes each live table equal to its copy by the difference alone: the live
   * rows that have no equal in the copy go (looked up by key, then compared
   * whole), then the copy's rows whose key is not live come. A test's few
   * changes cost a few writes, not a rewrite of the file; reading both sides
   * is what every restore pays.
   */
  restore(name: string): Promise<boolean> {
    return this.turn(async (trx) => {
      const entry = await this.find(trx, name);
      if (!entry) return false;
      for (const table of [...STATE_TABLES].reverse()) {
        const key = KEYS[table];
        const equal = sql.join([
          ...key.map((c) => sql`c.${sql.id(c)} = l.${sql.id(c)}`),
          ...this.columns.get(table)!.filter((c) => !key.includes(c)).map((c) => sql`c.${sql.id(c)} ${this.area.same} l.${sql.id(c)}`),
        ], sql` and `);
        await sql`delete from ${sql.table(table)} as l where not exists (select 1 from ${copyOf(entry.id, table)} as c where ${equal})`.execute(trx);
      }
      // The copies have the live tables' columns in their order (one migration: checked on open), so `select *` lines up.
      for (const table of STATE_TABLES) {
        const live = sql.table(table);
        const byKey = sql.join(KEYS[table].map((c) => sql`l.${sql.id(c)} = c.${sql.id(c)}`), sql` and `);
        await sql`insert into ${live} select * from ${copyOf(entry.id, table)} as c where not exists (select 1 from ${live} as l where ${byKey})`.execute(trx);
      }
      await this.area.setLastChange(trx, Number(entry.last_change));
      return true;
    });
  }

  async list(): Promise<SnapshotInfo[]> {
    await this.open();
    const rows = await this.db.selectFrom(CATALOG).select(['name', 'created_at']).orderBy('created_at').orderBy('name').execute();
    return rows.map((r) => ({ name: r.name as string, createdAt: Number(r.created_at) }));
  }

  drop(name: string): Promise<boolean> {
    return this.turn(async (trx) => {
      const entry = await this.find(trx, name);
      if (!entry) return false;
      await dropCopies(trx, entry.id);
      await trx.deleteFrom(CATALOG).where('name', '=', name).execute();
      return true;
    });
  }

  deleteTenant(tenantKey: string): Promise<boolean> {
    return this.turn((trx) => purgeTenant(trx, tenantKey));
  }

  private async turn<T>(work: (trx: Transaction<any>) => Promise<T>): Promise<T> {
    await this.open();
    return this.inTurn(work);
  }

  private inTurn<T>(work: (trx: Transaction<any>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      await this.takeTurn(trx);
      return work(trx);
    });
  }

  private find(trx: Transaction<any>, name: string): Promise<CatalogRow | undefined> {
    return trx.selectFrom(CATALOG).selectAll().where('name', '=', name).executeTakeFirst() as Promise<CatalogRow | undefined>;
  }

  /** Once per process: the area, its catalog, and no copy of tables a migration has changed since. */
  private open(): Promise<void> {
    this.opened ??= (async () => {
      await this.area.open(this.db);
      // In a turn: another process's snapshot creates and drops copies in the area under its turn, and
      // introspection racing that DDL resolves a dropped copy by name (relation "…s1_tenants" does not exist).
      const tables = await this.inTurn((trx) => trx.introspection.getTables());
      for (const table of STATE_TABLES) {
        const found = tables.find((t) => t.name === table && t.schema !== AREA);
        if (!found) throw new Error(`snapshots: no table ${table}`);
        this.columns.set(table, found.columns.map((c) => c.name));
      }
      await this.db.schema.withSchema(AREA).createTable('catalog').ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_change', 'bigint', (c) => c.notNull())
        .addColumn('migration', 'text', (c) => c.notNull())
        .execute();
      await this.inTurn(async (trx) => {
        const current = await latestMigration(trx);
        const stale = await trx.selectFrom(CATALOG).select(['name', 'id']).where('migration', '<>', current).execute();
        for (const s of stale) await dropCopies(trx, Number(s.id));
        await trx.deleteFrom(CATALOG).where('migration', '<>', current).execute();
      });
    })().catch((error: unknown) => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }
}

async function dropCopies(trx: Transaction<any>, id: number): Promise<void> {
  for (const table of STATE_TABLES) await sql`drop table if exists ${copyOf(id, table)}`.execute(trx);
}

async function latestMigration(trx: Transaction<any>): Promise<string> {
  const row = await trx.selectFrom('kysely_migration').select('name').orderBy('name', 'desc').limit(1).executeTakeFirst();
  return (row?.name as string | undefined) ?? '';
}
