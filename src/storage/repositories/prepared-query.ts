/**
 * Hot reads compiled once (issue #14 §3). Kysely builds and compiles a query
 * on every call: freezing nodes, parsing column references, visiting the tree.
 * On a point read that costs more than running it. A prepared query is built
 * once with stand-ins for its arguments, compiled once per database, and then
 * only has its arguments put in place. SQLite's driver keeps the statement
 * prepared by its text (sqlite-group-commit.ts); PostgreSQL's connections
 * prepare it by name (postgres-prepared.ts).
 *
 * An argument is a bound value, never looked at while building: a query whose
 * shape depends on one (`= null` becoming `is null`, an `in` list) is not one
 * to prepare.
 */
import type { Compilable, CompiledQuery, Kysely, QueryId, RootOperationNode } from 'kysely';
import type { Database } from '../tables.js';

/** Stands in for an argument while the query is built: it passes through Kysely as a parameter value. */
class Slot {
  constructor(readonly index: number) {}
}

interface Compiled {
  query: RootOperationNode;
  queryId: QueryId;
  sql: string;
  /** Each parameter: the index of the argument that fills it, or a constant of the query itself. */
  template: ReadonlyArray<Slot | unknown>;
}

/** SQL texts of prepared queries, with their statement names; one entry per query and dialect, so bounded by the code. */
const names = new Map<string, string>();

/** The statement name PostgreSQL connections prepare `sql` under, if it is the text of a prepared query. */
export function preparedStatementName(sql: string): string | undefined {
  return names.get(sql);
}

export class PreparedQuery<A extends unknown[], R> {
  /** By the database's adapter, which a transaction shares with its database: one compilation per store. */
  private readonly compiled = new WeakMap<object, Compiled>();

  constructor(private readonly build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {}

  async all(db: Kysely<Database>, ...args: A): Promise<R[]> {
    const c = this.compiledFor(db);
    const parameters = c.template.map((p) => (p instanceof Slot ? args[p.index] : p));
    const query: CompiledQuery<R> = { query: c.query, queryId: c.queryId, sql: c.sql, parameters };
    return (await db.executeQuery(query)).rows;
  }

  async first(db: Kysely<Database>, ...args: A): Promise<R | undefined> {
    return (await this.all(db, ...args))[0];
  }

  private compiledFor(db: Kysely<Database>): Compiled {
    const adapter = db.getExecutor().adapter;
    let c = this.compiled.get(adapter);
    if (!c) {
      // build's own parameters after db: the arguments the query takes.
      const slots = Array.from({ length: this.build.length - 1 }, (_, i) => new Slot(i));
      const { query, queryId, sql, parameters } = this.build(db, ...(slots as unknown as A)).compile();
      c = { query, queryId, sql, template: parameters };
      if (!names.has(sql)) names.set(sql, `larkcal_${names.size + 1}`);
      this.compiled.set(adapter, c);
    }
    return c;
  }
}

/** A query built once by `build`, whose arguments after `db` are the parameters of each call. */
export function prepare<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): PreparedQuery<A, R> {
  return new PreparedQuery(build);
}
