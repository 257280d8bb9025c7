/**
 * What the core needs from outside. storage/ implements these with Kysely;
 * the core never sees SQL. Every method is scoped so that a caller cannot
 * reach another tenant's rows by accident: lookups take the tenant key.
 */
import type { Acl, Calendar, CalendarMembership } from './calendars/model.js';
import type { AttendeeRepository, EventExtrasRepository, EventRepository } from './events/ports.js';
import type { FileRepository } from './files/ports.js';
import type { App, Chat, IdentityKey, Room, Tenant, User, WorkingHours } from './tenancy/model.js';
import type { TimeoffRepository } from './availability/timeoff-ports.js';
import type { ChangeLog } from './changes/feed.js';
import type { AppEventConfigRepository, DeliveryRepository } from './delivery/ports.js';
import type { SettingsRepository } from './sandbox/ports.js';
import type { RoomBookingRepository } from './rooms/ports.js';
import type { ExchangeRepository } from './exchange/ports.js';
import type { CaldavCredentialRepository } from './tenancy/caldav-credentials-ports.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface StoredApp extends App {
  secretHash: string;
}

export interface TenancyRepository {
  countTenants(): Promise<number>;
  tenantExists(tenantKey: string): Promise<boolean>;
  getTenant(tenantKey: string): Promise<Tenant | undefined>;
  /** Tenants by key, ascending: at most `limit` of them, starting after the key `after` (a page of the console's list). */
  listTenants(page: { limit: number; after?: string }): Promise<Tenant[]>;
  insertTenant(tenant: Tenant): Promise<void>;
  insertUser(user: User, passwordHash: string | null): Promise<void>;
  insertOpenId(appId: string, userRef: string, openId: string): Promise<void>;
  insertApp(app: StoredApp): Promise<void>;
  insertChat(chat: Chat): Promise<void>;
  /** `city` and `roomLevel` default to '' and [] (the tenant level). */
  insertRoom(room: Omit<Room, 'city' | 'roomLevel'> & Partial<Pick<Room, 'city' | 'roomLevel'>>): Promise<void>;
  getApp(appId: string): Promise<StoredApp | undefined>;
  /** Replaces the app's secret hash; false for no such app. */
  updateAppSecret(appId: string, secretHash: string): Promise<boolean>;
  listApps(tenantKey: string): Promise<App[]>;
  getUser(ref: string): Promise<User | undefined>;
  getUserPasswordHash(ref: string): Promise<string | null>;
  findUserByUserId(tenantKey: string, userId: string): Promise<User | undefined>;
  findUserByUnionId(unionId: string): Promise<User | undefined>;
  /** Users of every tenant with this user_id (tenant-scoped, so maybe several): for commands given a user_id alone. */
  findUsersByUserIdInAnyTenant(userId: string): Promise<User[]>;
  findUserByOpenId(appId: string, openId: string): Promise<User | undefined>;
  findUsersByEmails(tenantKey: string, emails: readonly string[]): Promise<User[]>;
  listUsers(tenantKey: string): Promise<User[]>;
  getChat(chatId: string): Promise<Chat | undefined>;
  listChats(tenantKey: string): Promise<Chat[]>;
  getRoom(roomId: string): Promise<Room | undefined>;
  listRooms(tenantKey: string): Promise<Room[]>;
  /** Sets the user's working hours (the fixture's `working_hours`). */
  putWorkingHours(userRef: string, hours: WorkingHours): Promise<void>;
  /** The user's working hours: as set, else Monday–Friday 09:00–18:00 in the user's own zone; undefined for no such user. */
  workingHoursOf(userRef: string): Promise<WorkingHours | undefined>;
}

export type TokenKind = 'tenant' | 'app' | 'user' | 'refresh' | 'code' | 'app_ticket';

export interface StoredToken {
  /** SHA-256 of the token: tokens are looked up by digest, never by value. */
  hash: string;
  kind: TokenKind;
  appId: string;
  tenantKey: string;
  userRef: string | null;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /**
   * Tenant and app tokens only: the value, sealed under the app's credential
   * (core/tenancy/token-seal.ts), since Feishu hands the same one back while ≥ 30 min remain.
   */
  sealed: string | null;
  /** For codes and refresh tokens: when it was used up (single use). */
  usedAt: number | null;
  /** For codes: redirect_uri and PKCE challenge, as a small JSON document. */
  extra: Record<string, string>;
}

export interface TokenRepository {
  insert(token: StoredToken): Promise<void>;
  find(hash: string): Promise<StoredToken | undefined>;
  /** The newest live token of this kind for the app (and tenant). */
  newest(appId: string, tenantKey: string, kind: TokenKind): Promise<StoredToken | undefined>;
  /** Marks a single-use token as used; false when it was used already (a race lost). */
  markUsed(hash: string, at: number): Promise<boolean>;
  /** Shortens a token's life (a refreshed access token keeps one minute). */
  expireBy(hash: string, at: number): Promise<void>;
}

export interface CalendarRepository {
  get(calendarId: string): Promise<Calendar | undefined>;
  insert(calendar: Calendar): Promise<void>;
  update(calendar: Calendar): Promise<void>;
  primaryOf(owner: IdentityKey): Promise<Calendar | undefined>;
  getMembership(calendarId: string, identity: IdentityKey): Promise<CalendarMembership | undefined>;
  /** The calendar with the identity's ACL and membership, in one read: every calendar use case starts with it. */
  getWithRelation(calendarId: string, identity: IdentityKey): Promise<{ calendar: Calendar; acl: Acl | undefined; membership: CalendarMembership | undefined } | undefined>;
  /** `fresh`: the calendar was created in this transaction, so there is no row to weigh (one statement fewer). */
  putMembership(membership: CalendarMembership, options?: { fresh?: boolean }): Promise<void>;
  countSubscribed(identity: IdentityKey): Promise<number>;
  /** Subscribed, undeleted calendars: the identity's own primary first, then in subscription order. */
  listSubscribed(identity: IdentityKey, offset: number, limit: number): Promise<Array<[Calendar, CalendarMembership]>>;
  /** Every membership of the identity whose row or calendar changed after `since`. */
  listChangedSince(identity: IdentityKey, since: number, offset: number, limit: number): Promise<Array<[Calendar, CalendarMembership]>>;
  /**
   * Non-private shared calendars and (optionally) non-private users' primary calendars
   * whose summary or description contains `query`: case-insensitive, `%` and `_` literal.
   */
  search(tenantKey: string, query: string, includeUserPrimaries: boolean, offset: number, limit: number): Promise<Calendar[]>;
}

export interface AclRepository {
  get(calendarId: string, aclId: string): Promise<Acl | undefined>;
  findFor(calendarId: string, identity: IdentityKey): Promise<Acl | undefined>;
  forIdentity(identity: IdentityKey, calendarIds: readonly string[]): Promise<Acl[]>;
  /** `fresh`: the calendar's first ACL, created with it (no earlier grant to order after). */
  put(acl: Acl, options?: { fresh?: boolean }): Promise<void>;
  delete(calendarId: string, aclId: string): Promise<void>;
  list(calendarId: string, offset: number, limit: number): Promise<Acl[]>;
}

/** The change feed lives in changes/: what a change is (model.ts) and how it is read (feed.ts). */
export type { Change, ChangeData, ChangeKind, LoggedChange } from './changes/model.js';
export type { ChangeLog } from './changes/feed.js';

export type SubscriptionKind = 'calendar_list' | 'acl' | 'event';

/** A change-event subscription (calendars.md §3.12–§3.13, §4.6): `calendarId` is '' for the calendar list. */
export interface EventSubscription {
  appId: string;
  identity: IdentityKey;
  kind: SubscriptionKind;
  calendarId: string;
  createdAt: number;
}

export interface EventSubscriptionRepository {
  put(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string, at: number): Promise<void>;
  delete(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string): Promise<void>;
  exists(appId: string, identity: IdentityKey, kind: SubscriptionKind, calendarId: string): Promise<boolean>;
  /** Who hears of changes on the calendar: every app and identity subscribed to it, oldest first. */
  listByCalendar(kind: SubscriptionKind, calendarId: string): Promise<EventSubscription[]>;
  /** Calendar-list subscriptions of everyone who has the calendar in their list (a subscribed membership). */
  listListenersOf(calendarId: string): Promise<EventSubscription[]>;
  /** The identity's subscriptions through any app (of one kind, if given), oldest first. */
  listByIdentity(identity: IdentityKey, kind?: SubscriptionKind): Promise<EventSubscription[]>;
}

/**
 * The resource names CalDAV clients gave series (RFC 4791 §4.1), per calendar;
 * a series without one is named after its UID.
 */
export interface CaldavNameRepository {
  /** Records `name` for `uid` on the calendar, replacing the UID's earlier name. */
  put(tenantKey: string, calendarId: string, name: string, uid: string): Promise<void>;
  uidOf(calendarId: string, name: string): Promise<string | undefined>;
  nameOf(calendarId: string, uid: string): Promise<string | undefined>;
  /** Every recorded name on the calendar, by UID. */
  namesOf(calendarId: string): Promise<Map<string, string>>;
}

export interface Repositories {
  tenancy: TenancyRepository;
  tokens: TokenRepository;
  calendars: CalendarRepository;
  acls: AclRepository;
  changes: ChangeLog;
  eventSubscriptions: EventSubscriptionRepository;
  events: EventRepository;
  attendees: AttendeeRepository;
  eventExtras: EventExtrasRepository;
  files: FileRepository;
  timeoffs: TimeoffRepository;
  appEvents: AppEventConfigRepository;
  deliveries: DeliveryRepository;
  settings: SettingsRepository;
  roomBookings: RoomBookingRepository;
  exchange: ExchangeRepository;
  caldavCredentials: CaldavCredentialRepository;
  caldavNames: CaldavNameRepository;
}

/**
 * The repositories a use case or helper reads and writes, by name: a service
 * says in its constructor which of the store's parts it touches (calendars,
 * ACLs, the change log, …) instead of taking all eleven. `Store` is assignable
 * to any of them, so the wiring in server.ts passes the one store everywhere.
 */
export type Needs<K extends keyof Repositories> = Pick<Repositories, K>;

/**
 * The same, for a use case that writes: its repositories plus a transaction
 * handing those repositories back, so the data and its change commit together
 * (STYLE.md, practice 6).
 */
export type UnitOfWork<K extends keyof Repositories> = Needs<K> & {
  transaction<T>(work: (repos: Needs<K>) => Promise<T>, scope?: TransactionScope): Promise<T>;
};

/**
 * The one tenant whose data a transaction reads and writes. Its writers take
 * turns; other tenants' run alongside (a lock per change-log shard on
 * PostgreSQL: storage/dialects/postgres.ts). Without a scope a transaction
 * takes every tenant's turn at once: right for work across tenants, slower for
 * everyone else. Appending another tenant's change in a scoped one is an error.
 */
export interface TransactionScope {
  tenantKey: string;
}

/**
 * The repositories of an open transaction. Its `transaction` joins it rather
 * than opening a second one, so use cases built over it (EventService.within)
 * make one unit of work that commits once, all or nothing. A joined part that
 * throws rolls the whole transaction back, even if its caller goes on.
 */
export interface OpenTransaction extends Repositories {
  transaction<T>(work: (repos: OpenTransaction) => Promise<T>, scope?: TransactionScope): Promise<T>;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction: the data and its change-log rows commit together.
   * Transactions of one tenant (`scope`) take turns, so reads inside one see every
   * earlier commit of its tenant (no lost update) and the tenant's change-log
   * numbers become visible in order. Inside `work`, nest through `repos.transaction`
   * (it joins); never through the store: a second transaction would wait for the
   * first forever.
   */
  transaction<T>(work: (repos: OpenTransaction) => Promise<T>, scope?: TransactionScope): Promise<T>;
  close(): Promise<void>;
}
