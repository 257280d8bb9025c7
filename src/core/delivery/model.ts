/**
 * Change events as an app receives them (platform.md §8, §10): how an app is
 * configured to receive them, and the outbox rows that carry one event to one
 * app until it is delivered or gives up.
 */

/** The four calendar change events (platform.md §10), under the SDK's handler keys. */
export const CALENDAR_EVENT_TYPES = [
  'calendar.calendar.changed_v4',
  'calendar.calendar.acl.created_v4',
  'calendar.calendar.acl.deleted_v4',
  'calendar.calendar.event.changed_v4',
] as const;
export type CalendarEventType = (typeof CALENDAR_EVENT_TYPES)[number];

/** Not a change event: store apps receive their ticket the same way (platform.md §3.4, §8.4). */
export const APP_TICKET_TYPE = 'app_ticket';
export type DeliveredEventType = CalendarEventType | typeof APP_TICKET_TYPE;

/** Any one of these scopes lets an app receive the event type (platform.md §10.1–§10.3). */
export const EVENT_SCOPES: Record<CalendarEventType, readonly string[]> = {
  'calendar.calendar.changed_v4': ['calendar:calendar', 'calendar:calendar:read', 'calendar:calendar:readonly'],
  'calendar.calendar.acl.created_v4': ['calendar:calendar', 'calendar:calendar.acl:read', 'calendar:calendar:readonly'],
  'calendar.calendar.acl.deleted_v4': ['calendar:calendar', 'calendar:calendar.acl:read', 'calendar:calendar:readonly'],
  'calendar.calendar.event.changed_v4': ['calendar:calendar', 'calendar:calendar.event:read', 'calendar:calendar:readonly'],
};

/** The field scope without which user references carry no `user_id` (platform.md §10). */
export const EMPLOYEE_ID_SCOPE = 'contact:user.employee_id:readonly';

export type DeliveryMode = 'webhook' | 'long_connection';

/**
 * Whether the request URL answered the URL-verification challenge (§8.5):
 * `pending` until it is sent, `none` without a URL. Delivery never waits on it.
 */
export type UrlCheck = 'pending' | 'answered' | 'unanswered' | 'none';

export interface AppEventConfig {
  appId: string;
  delivery: DeliveryMode;
  /** Required for a webhook; http(s). */
  requestUrl: string | null;
  /** When set, webhook bodies are encrypted and signed with it (§8.6, §8.7). Kept as given: it is a key, not a password. */
  encryptKey: string | null;
  /** Carried in every body (`header.token`, or `token` in schema 1.0). */
  verificationToken: string;
  types: CalendarEventType[];
  urlCheck: UrlCheck;
}

/** `event.changed_v4`'s `change_type` (§10.3). */
export type EventChangeType = 'create' | 'update' | 'delete' | 'rsvp';

/**
 * `pending`: not yet tried; `failed`: tried, due again; `delivered`; `exhausted`:
 * every retry failed.
 */
export type DeliveryStatus = 'pending' | 'failed' | 'delivered' | 'exhausted';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'failed', 'delivered', 'exhausted'];

/** One event on its way to one app. The envelope is built at each attempt from these fields and the app's configuration. */
export interface Delivery {
  /** `header.event_id` (or `uuid` in schema 1.0): the same on every retry. */
  eventId: string;
  appId: string;
  tenantKey: string;
  eventType: DeliveredEventType;
  /** The `event` object of the envelope, ids already in the app's id space. */
  event: Record<string, unknown>;
  /** Event changes merge per (app, calendar, event) while their window is open (§10.3); null for the rest. */
  mergeKey: string | null;
  changeType: EventChangeType | null;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  /** When it may be tried (again): the end of its merge window, then the retry schedule. */
  dueAt: number;
}

export interface DeliveryAttempt {
  eventId: string;
  /** 1 for the first try. */
  attempt: number;
  at: number;
  transport: DeliveryMode;
  ok: boolean;
  /** HTTP status, or the long connection's ack code. */
  code: number | null;
  latencyMs: number;
  error: string | null;
}

/** Feishu's schedule after a failed push: 15 s, 5 min, 1 h, 6 h, then no more (§8.8). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [15_000, 300_000, 3_600_000, 21_600_000];

/** Event changes to one (calendar, event) within this long become one push (§10.3). */
export const MERGE_WINDOW_MS = 3000;

/** What to do after attempt `attempt` failed: when to try again, or give up. */
export function afterFailure(attempt: number, at: number, schedule: readonly number[]): { status: 'failed' | 'exhausted'; dueAt: number } {
  const wait = schedule[attempt - 1];
  return wait === undefined ? { status: 'exhausted', dueAt: at } : { status: 'failed', dueAt: at + wait };
}
