/**
 * Exchange bindings (calendars.md §8): a tenant's super administrator binds a
 * user's Exchange account, and the account's calendar syncs into larkcal as a
 * read-only third-party calendar. larkcal runs offline, so what each mailbox
 * holds comes from the tenant's fixture (issue #11 §1): an iCalendar file, an
 * http(s) URL serving iCalendar, or a CalDAV collection.
 */
import type { EventStatus, FreeBusyStatus, Location } from '../events/model.js';
import type { EventTime } from '../events/time.js';

/** Where a mailbox's calendar is read from. A real EWS or Graph connector would add its own kind. */
export type MailboxSource =
  | { kind: 'file'; path: string }
  | { kind: 'http'; url: string; username?: string; password?: string }
  | { kind: 'caldav'; url: string; username?: string; password?: string };

/** The sync states in their order (calendars.md §8.1); `err` when the source could not be read. */
export const BINDING_STATUSES = ['doing', 'cal_done', 'timespan_done', 'done', 'err'] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];

export interface ExchangeBinding {
  bindingId: string;
  tenantKey: string;
  adminAccount: string;
  exchangeAccount: string;
  userRef: string;
  status: BindingStatus;
  /** The synced calendar, from `cal_done` on. */
  calendarId: string | null;
  /** When the runner next works on it, by the clock: the next step, or the next re-sync. */
  dueAt: number;
  createdAt: number;
  /** Why the last read failed (`err`); '' otherwise. */
  error: string;
}

/**
 * One event of a mailbox as a source reports it: a one-off event, a series
 * master (`originalTime` 0, a `recurrence`), or one changed or cancelled
 * occurrence of a series (`originalTime` its RECURRENCE-ID, in UTC seconds;
 * an EXDATE is a cancelled occurrence).
 */
export interface MailboxEvent {
  uid: string;
  originalTime: number;
  summary: string;
  description: string;
  start: EventTime;
  end: EventTime;
  /** RRULE value without prefix; '' for one-off events and occurrences. */
  recurrence: string;
  status: EventStatus;
  freeBusyStatus: FreeBusyStatus;
  location: Location | null;
}

/** A mailbox's calendar as read: its name (if the source says one) and its events. */
export interface MailboxCalendar {
  name: string | undefined;
  events: MailboxEvent[];
}
