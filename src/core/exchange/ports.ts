/** What Exchange bindings need from outside: their storage, and the mailbox reader (the source port). */
import type { ExchangeBinding, MailboxCalendar, MailboxSource } from './model.js';

/** The tenant's Exchange directory as the fixture gives it, and the bindings made since. */
export interface ExchangeRepository {
  putAdminAccount(tenantKey: string, account: string): Promise<void>;
  isAdminAccount(tenantKey: string, account: string): Promise<boolean>;
  putAccount(tenantKey: string, account: string, source: MailboxSource): Promise<void>;
  sourceOf(tenantKey: string, account: string): Promise<MailboxSource | undefined>;
  putSuperAdmin(tenantKey: string, userRef: string): Promise<void>;
  isSuperAdmin(tenantKey: string, userRef: string): Promise<boolean>;

  getBinding(bindingId: string): Promise<ExchangeBinding | undefined>;
  /** The binding of an Exchange account in the tenant: an account is bound to one user at a time. */
  bindingOfAccount(tenantKey: string, exchangeAccount: string): Promise<ExchangeBinding | undefined>;
  putBinding(binding: ExchangeBinding): Promise<void>;
  deleteBinding(bindingId: string): Promise<void>;
  /** The binding due soonest, if due by `now`. */
  nextDue(now: number): Promise<ExchangeBinding | undefined>;
  /** The synced calendars of a user's bindings: what free/busy adds with include_external_calendar. */
  calendarsOfUser(userRef: string): Promise<string[]>;
}

/**
 * The source port: reads what a mailbox holds. The fixture's sources (files,
 * http(s), CalDAV) are one implementation (adapters/exchange/); an EWS or
 * Graph connector would be another, and the core would not change.
 * Throws MailboxUnreadable when the source cannot be read or parsed.
 */
export interface MailboxReader {
  read(source: MailboxSource): Promise<MailboxCalendar>;
}

export class MailboxUnreadable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MailboxUnreadable';
  }
}
