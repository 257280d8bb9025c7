/**
 * Group commit for SQLite (issue #14 §1). With synchronous=FULL every COMMIT
 * is an fsync, and better-sqlite3 waits for it on the event loop's thread: one
 * commit per request made the disk, not the CPU, the limit on writes.
 *
 * Here the transactions that are waiting share one SQLite transaction and one
 * commit. Each runs inside its own SAVEPOINT, so one that fails rolls back
 * alone and gets its error while the others go on. Nobody hears "committed"
 * before the COMMIT that holds their write has returned from fsync, so every
 * acknowledged write is as durable as before. Members run one at a time, in
 * arrival order, and each sees the writes of those before it: the batch is the
 * same serial history as one commit each, and change-log numbers are handed
 * out in that order and become visible all at once.
 *
 * Reads outside a transaction go to a second, read-only connection. In WAL
 * mode it sees the last commit and never a batch in progress, so no answer
 * can show a write that is not yet on disk, and reads no longer wait behind
 * writes.
 *
 * An idle server adds no wait to a lone write: the batch closes one turn of
 * the event loop after its last member, which is just long enough for the
 * requests parsed in the same turn to join. It is bounded by count and age.
 */
import type SQLite from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** Members of one batch at most: the first waits for every other's work before its fsync. */
const MAX_MEMBERS = 64;
/** Age of a batch after which it commits at the next hand-over, however many are waiting. */
const MAX_AGE_MS = 8;
/** Distinct SQL texts kept prepared per connection (the app issues a few hundred). */
const STATEMENT_CACHE = 2000;

type Waiter = { resolve: () => void; reject: (error: unknown) => void };
type Batch = { openedAt: number; durable: Waiter[] };

/** Commits, the write transactions they held, the largest batch, and the SQL statements run (both connections). */
export type GroupCommitStats = { batches: number; members: number; largest: number; statements: number };

/** The two connections of one database file: `writer` for every transaction, `reader` for reads outside them. */
export type SqliteConnections = { writer: SQLite.Database; reader: SQLite.Database };

export class GroupCommitDriver implements Driver {
  private readonly committer: Committer;

  constructor(connections: SqliteConnections) {
    this.committer = new Committer(connections);
  }

  stats(): GroupCommitStats {
    return this.committer.stats();
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new MemberConnection(this.committer);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as MemberConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as MemberConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as MemberConnection).rollback();
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.committer.close();
  }
}

/** One Kysely connection: a transaction in a batch, or a run of statements outside one. */
class MemberConnection implements DatabaseConnection {
  private inTransaction = false;
  private settled = false;

  constructor(private readonly committer: Committer) {}

  async begin(): Promise<void> {
    await this.committer.join();
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    this.settled = true;
    this.inTransaction = false;
    await this.committer.release();
  }

  async rollback(): Promise<void> {
    this.inTransaction = false;
    // A member whose commit was refused has already left: its batch rolled back whole.
    if (this.settled) return;
    this.settled = true;
    this.committer.rollBack();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.committer.runInBatch<R>(query);
    return this.committer.runAlone<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams select queries only');
    yield* this.committer.stream<R>(query, this.inTransaction);
  }
}

class Committer {
  private readonly writer: Statements;
  private readonly reader: Statements;
  private readonly turn = new Turnstile();
  private batch: Batch | undefined;
  private counts: Omit<GroupCommitStats, 'statements'> = { batches: 0, members: 0, largest: 0 };

  constructor(private readonly connections: SqliteConnections) {
    this.writer = new Statements(connections.writer);
    this.reader = new Statements(connections.reader);
  }

  stats(): GroupCommitStats {
    return { ...this.counts, statements: this.writer.executed + this.reader.executed };
  }

  /** Takes the writer's turn and opens a savepoint, in the open batch or a new one. */
  async join(): Promise<void> {
    await this.turn.lock();
    try {
      if (!this.batch) {
        this.connections.writer.exec('begin immediate');
        this.batch = { openedAt: performance.now(), durable: [] };
      }
      this.connections.writer.exec('savepoint member');
    } catch (error) {
      this.handOver();
      throw error;
    }
  }

  /** Keeps the member's work in the batch; resolves once the batch is on disk. */
  release(): Promise<void> {
    const batch = this.batch!;
    try {
      this.connections.writer.exec('release member');
    } catch (error) {
      this.rollBack();
      return Promise.reject(error);
    }
    const durable = new Promise<void>((resolve, reject) => batch.durable.push({ resolve, reject }));
    this.handOver();
    return durable;
  }

  /** Undoes the member's work alone; the rest of the batch is untouched. */
  rollBack(): void {
    try {
      this.connections.writer.exec('rollback to member');
      this.connections.writer.exec('release member');
    } finally {
      this.handOver();
    }
  }

  runInBatch<R>(query: CompiledQuery): QueryResult<R> {
    return run<R>(this.writer.prepare(query.sql), query.parameters);
  }

  /**
   * A statement outside a transaction: a read goes to the reader; a write is a
   * transaction of its own, in the batch like any other.
   */
  async runAlone<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (touchesConnection(query.sql)) return this.onBoth<R>(query);
    const statement = this.reader.prepare(query.sql);
    if (statement.readonly) return run<R>(statement, query.parameters);
    await this.join();
    let result: QueryResult<R>;
    try {
      result = this.runInBatch<R>(query);
    } catch (error) {
      this.rollBack();
      throw error;
    }
    await this.release();
    return result;
  }

  async *stream<R>(query: CompiledQuery, inTransaction: boolean): AsyncIterableIterator<QueryResult<R>> {
    const statements = inTransaction ? this.writer : this.reader;
    for (const row of statements.prepare(query.sql).iterate(query.parameters)) yield { rows: [row as R] };
  }

  async close(): Promise<void> {
    await this.turn.lock();
    if (this.batch) this.commitBatch();
    this.connections.writer.close();
    if (this.connections.reader !== this.connections.writer) this.connections.reader.close();
  }

  /**
   * ATTACH, DETACH and PRAGMA change a connection, not the data: run on both,
   * outside any transaction (SQLite refuses ATTACH inside one).
   */
  private async onBoth<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    await this.turn.lock();
    try {
      if (this.batch) this.commitBatch();
      const result = run<R>(this.writer.prepare(query.sql), query.parameters);
      if (this.connections.reader !== this.connections.writer) run(this.reader.prepare(query.sql), query.parameters);
      return result;
    } finally {
      this.turn.unlock();
    }
  }

  /** Lets the next member in, or closes the batch: now when it is full or old, else after this turn of the loop. */
  private handOver(): void {
    const batch = this.batch;
    if (batch && (batch.durable.length >= MAX_MEMBERS || performance.now() - batch.openedAt >= MAX_AGE_MS)) this.commitBatch();
    const joining = this.turn.waiting();
    this.turn.unlock();
    if (!batch || this.batch !== batch || joining) return;
    setImmediate(() => {
      if (this.batch === batch && !this.turn.locked()) this.commitBatch();
    });
  }

  private commitBatch(): void {
    const batch = this.batch!;
    this.batch = undefined;
    try {
      this.connections.writer.exec('commit');
    } catch (error) {
      // The disk refused the commit (full, I/O error): nobody in the batch is durable.
      if (this.connections.writer.inTransaction) this.connections.writer.exec('rollback');
      for (const member of batch.durable) member.reject(error);
      return;
    }
    this.counts.batches += 1;
    this.counts.members += batch.durable.length;
    this.counts.largest = Math.max(this.counts.largest, batch.durable.length);
    for (const member of batch.durable) member.resolve();
  }
}

function touchesConnection(text: string): boolean {
  return /^\s*(attach|detach|pragma)\b/i.test(text);
}

function run<R>(statement: SQLite.Statement, parameters: ReadonlyArray<unknown>): QueryResult<R> {
  if (statement.reader) return { rows: statement.all(parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

/**
 * Kysely prepares every statement anew; preparing costs about as much as
 * running a point query. Statements are kept by text, bounded in case of
 * unusual query shapes.
 */
class Statements {
  private readonly cache = new Map<string, SQLite.Statement>();
  /** Statements handed out to run: the bench prints them per request (issue #14 §2). */
  executed = 0;

  constructor(private readonly connection: SQLite.Database) {}

  prepare(text: string): SQLite.Statement {
    this.executed++;
    let statement = this.cache.get(text);
    if (!statement) {
      if (this.cache.size >= STATEMENT_CACHE) this.cache.clear();
      statement = this.connection.prepare(text);
      this.cache.set(text, statement);
    }
    return statement;
  }
}

/** A first-come, first-served lock that can tell whether anyone is queued behind its holder. */
class Turnstile {
  private held = false;
  private readonly queue: Array<() => void> = [];

  lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Hands the lock straight to the next in line, so nobody can slip in between. */
  unlock(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held = false;
  }

  locked(): boolean {
    return this.held;
  }

  waiting(): boolean {
    return this.queue.length > 0;
  }
}
