import { Migrator, type Kysely } from 'kysely';
import { systemClock, type Clock, type OpenTransaction, type Repositories, type Store, type TransactionScope } from '../core/ports.js';
import type { StateRepository } from '../core/sandbox/ports.js';
import * as postgres from './dialects/postgres.js';
import * as sqlite from './dialects/sqlite.js';
import type { GroupCommitStats } from './dialects/sqlite-group-commit.js';
import { migrationProvider } from './migrations/index.js';
import { KyselyAppEventConfigRepository } from './repositories/app-event-config.repository.js';
import { KyselyDeliveryRepository } from './repositories/delivery.repository.js';
import { KyselySettingsRepository } from './repositories/settings.repository.js';
import { KyselyAclRepository } from './repositories/acl.repository.js';
import { KyselyCalendarRepository } from './repositories/calendar.repository.js';
import { KyselyChangeLog, OtherTenantsTurn, type ChangeLogScope, type Turns } from './repositories/change-log.js';
import { openTransaction, type UnitState } from './open-transaction.js';
import { KyselyAttendeeRepository } from './repositories/attendee.repository.js';
import { KyselyEventExtrasRepository } from './repositories/event-extras.repository.js';
import { KyselyEventRepository } from './repositories/event.repository.js';
import { KyselyEventSubscriptionRepository } from './repositories/event-subscription.repository.js';
import { KyselyFileRepository } from './repositories/file.repository.js';
import { KyselyTenancyRepository } from './repositories/tenancy.repository.js';
import { KyselyTimeoffRepository } from './repositories/timeoff.repository.js';
import { KyselyTokenRepository } from './repositories/token.repository.js';
import { postgresArea } from './snapshots/postgres.js';
import { sqliteArea } from './snapshots/sqlite.js';
import { KyselyStateRepository } from './snapshots/state.repository.js';
import { KyselyRoomBookingRepository } from './repositories/room-booking.repository.js';
import { KyselyExchangeRepository } from './repositories/exchange.repository.js';
import { KyselyCaldavCredentialRepository } from './repositories/caldav-credential.repository.js';
import { KyselyCaldavNameRepository } from './repositories/caldav-name.repository.js';
import type { Database } from './tables.js';
import { PostgresRateCounters } from './rate-counters.js';
import type { RateCounters } from '../core/tenancy/rate-limits.js';

export type DatabaseUrl = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

/** `sqlite:./data/larkcal.db`, `sqlite::memory:` or `postgres://user:pass@host/db`. */
export function parseDatabaseUrl(value: string): DatabaseUrl | undefined {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    return file.length > 0 ? { dialect: 'sqlite', file } : undefined;
  }
  if (/^postgres(ql)?:\/\/.+/.test(value)) return { dialect: 'postgres', url: value };
  return undefined;
}

function repositories(db: Kysely<Database>, dialect: Store['dialect'], turns: Turns, clock: Clock, scope?: ChangeLogScope): Repositories {
  return {
    tenancy: new KyselyTenancyRepository(db, clock),
    tokens: new KyselyTokenRepository(db),
    calendars: new KyselyCalendarRepository(db),
    acls: new KyselyAclRepository(db, clock),
    changes: new KyselyChangeLog(db, turns, scope),
    eventSubscriptions: new KyselyEventSubscriptionRepository(db),
    events: new KyselyEventRepository(db),
    attendees: new KyselyAttendeeRepository(db, dialect === 'postgres'),
    eventExtras: new KyselyEventExtrasRepository(db),
    files: new KyselyFileRepository(db),
    timeoffs: new KyselyTimeoffRepository(db),
    appEvents: new KyselyAppEventConfigRepository(db),
    deliveries: new KyselyDeliveryRepository(db, dialect === 'postgres'),
    settings: new KyselySettingsRepository(db),
    roomBookings: new KyselyRoomBookingRepository(db),
    exchange: new KyselyExchangeRepository(db),
    caldavCredentials: new KyselyCaldavCredentialRepository(db),
    caldavNames: new KyselyCaldavNameRepository(db),
  };
}

class KyselyStore implements Store {
  readonly tenancy;
  readonly tokens;
  readonly calendars;
  readonly acls;
  readonly changes;
  readonly eventSubscriptions;
  readonly events;
  readonly attendees;
  readonly eventExtras;
  readonly files;
  readonly timeoffs;
  readonly appEvents;
  readonly deliveries;
  readonly settings;
  /** The sandbox's snapshots and tenant removal (issue #12 §3): the whole database, not one tenant's part. */
  readonly state: StateRepository;
  readonly roomBookings;
  readonly exchange;
  readonly caldavCredentials;
  readonly caldavNames;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Store['dialect'],
    private readonly turns: Turns,
    private readonly clock: Clock,
  ) {
    const repos = repositories(db, dialect, turns, clock);
    this.tenancy = repos.tenancy;
    this.tokens = repos.tokens;
    this.calendars = repos.calendars;
    this.acls = repos.acls;
    this.changes = repos.changes;
    this.eventSubscriptions = repos.eventSubscriptions;
    this.events = repos.events;
    this.attendees = repos.attendees;
    this.eventExtras = repos.eventExtras;
    this.files = repos.files;
    this.timeoffs = repos.timeoffs;
    this.appEvents = repos.appEvents;
    this.deliveries = repos.deliveries;
    this.settings = repos.settings;
    this.state = new KyselyStateRepository(db, dialect === 'sqlite' ? sqliteArea : postgresArea, turns.take);
    this.roomBookings = repos.roomBookings;
    this.exchange = repos.exchange;
    this.caldavCredentials = repos.caldavCredentials;
    this.caldavNames = repos.caldavNames;
  }

  /** How long transactions waited for their turn: a connection, BEGIN, the group commit's queue or the turn lock. */
  readonly waits: TransactionWaits = { transactions: 0, waitSeconds: 0, maxWaitSeconds: 0 };

  async transaction<T>(work: (repos: OpenTransaction) => Promise<T>, scope?: TransactionScope): Promise<T> {
    if (scope === undefined || !this.turns.perTenant) return this.run(work, scope?.tenantKey);
    try {
      return await this.run(work, scope.tenantKey);
    } catch (error) {
      // Rolled back: it touched another tenant (change-log.ts, OtherTenantsTurn). Once more, in every tenant's turn.
      if (!(error instanceof OtherTenantsTurn)) throw error;
      return this.run(work, undefined);
    }
  }

  private async run<T>(work: (repos: OpenTransaction) => Promise<T>, tenantKey: string | undefined): Promise<T> {
    const asked = performance.now();
    const state: UnitState = { crossed: false, ended: false };
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.turns.take(trx, tenantKey);
        const waited = (performance.now() - asked) / 1000;
        this.waits.transactions++;
        this.waits.waitSeconds += waited;
        if (waited > this.waits.maxWaitSeconds) this.waits.maxWaitSeconds = waited;
        const repos = repositories(trx, this.dialect, this.turns, this.clock, { inTransaction: true, ...(tenantKey !== undefined && { tenantKey }), state });
        const result = await work(openTransaction(repos, { tenantKey, perTenant: this.turns.perTenant ?? false }, state));
        // `work` caught the error and went on: roll back all the same.
        if (state.crossed) throw new OtherTenantsTurn(tenantKey!, 'another');
        if (state.failure) throw state.failure.error;
        return result;
      });
    } finally {
      state.ended = true;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/**
 * Opens the database, applies pending migrations, and returns the store.
 * `clock` stamps the rows whose time no caller passes (tenant and ACL creation).
 */
export async function openStore(url: DatabaseUrl, clock: Clock = systemClock): Promise<Store> {
  const dialect = url.dialect === 'sqlite' ? sqlite : postgres;
  const db = url.dialect === 'sqlite' ? sqlite.openSqlite(url.file) : postgres.openPostgres(url.url);
  const migrator = new Migrator({ db, provider: migrationProvider(url.dialect) });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  return new KyselyStore(db, url.dialect, dialect.turns, clock);
}

/** The sandbox's hold on a store `openStore` opened: its snapshots and tenant removal. */
export function stateOf(store: Store): StateRepository {
  if (!(store instanceof KyselyStore)) throw new Error('stateOf: not a store openStore opened');
  return store.state;
}

export interface TransactionWaits {
  transactions: number;
  waitSeconds: number;
  maxWaitSeconds: number;
}

/** What /metrics shows of a store: transaction waits, and PostgreSQL's connection pool. */
export function storeStatsOf(store: Store): { waits: TransactionWaits; pool: { total: number; idle: number; waiting: number } | undefined } {
  if (!(store instanceof KyselyStore)) throw new Error('storeStatsOf: not a store openStore opened');
  return { waits: store.waits, pool: store.dialect === 'postgres' ? postgres.poolStats(store.db) : undefined };
}

/**
 * Rate-limit counters every process on this database shares: PostgreSQL's table
 * (issue #16 §3). Undefined on SQLite, where one process serves and counts in memory.
 */
export function sharedRateCountersOf(store: Store): RateCounters | undefined {
  if (!(store instanceof KyselyStore)) throw new Error('sharedRateCountersOf: not a store openStore opened');
  return store.dialect === 'postgres' ? new PostgresRateCounters(store.db) : undefined;
}

/** How a SQLite store's write transactions shared commits (undefined on PostgreSQL), for the bench and the tests. */
export function commitStatsOf(store: Store): GroupCommitStats | undefined {
  if (!(store instanceof KyselyStore)) throw new Error('commitStatsOf: not a store openStore opened');
  return store.dialect === 'sqlite' ? sqlite.groupCommitStats(store.db) : undefined;
}
