/** Row types as the database holds them. Booleans are 0/1 in both dialects; times are epoch ms. */
import type { Generated } from 'kysely';

export interface TenantRow { tenant_key: string; name: string; domain: string; created_at: number }

export interface UserRow {
  ref: string; tenant_key: string; user_id: string; union_id: string; number: string;
  name: string; email: string; timezone: string; password_hash: string | null;
  /** JSON {timezone, days}; null = the default working hours. */
  working_hours: string | null;
}

export interface AppRow {
  app_id: string; tenant_key: string; name: string; secret_hash: string; bot: number;
  scopes: string; redirect_uris: string; kind: string; number: string;
}

export interface UserOpenIdRow { open_id: string; app_id: string; user_ref: string }
export interface ChatRow { chat_id: string; tenant_key: string; name: string }
export interface ChatMemberRow { chat_id: string; user_ref: string }

export interface RoomRow {
  room_id: string; tenant_key: string; name: string; capacity: number;
  building: string; floor: string; calendar_id: string;
  /** `room_level`: JSON array of level names from the top. */
  city: string; room_level: string;
}

export interface TokenRow {
  hash: string; kind: string; app_id: string; tenant_key: string; user_ref: string | null;
  scopes: string; issued_at: number; expires_at: number; sealed: string | null;
  used_at: number | null; extra: string;
}

export interface CalendarRow {
  calendar_id: string; tenant_key: string; type: string; summary: string; description: string;
  permissions: string; owner: string; is_third_party: number; deleted: number; version: number;
}

export interface CalendarMemberRow {
  identity: string; calendar_id: string; subscribed: number; color: number;
  summary_alias: string; version: number; subscribed_seq: number;
}

export interface AclRow { calendar_id: string; acl_id: string; identity: string; role: string; created_at: number }

/** `kind`: a ChangeData kind; `affected`: JSON array of identity keys; `data`: JSON, the kind's fields (core/changes/model.ts). */
export interface ChangeRow {
  seq: Generated<number>; tenant_key: string; kind: string; calendar_id: string;
  actor: string | null; affected: string; data: string; at: number;
}

/** A feed consumer's place: the last sequence number it finished with. */
export interface ChangeCursorRow { consumer: string; seq: number }

export interface EventSubscriptionRow { app_id: string; identity: string; kind: string; calendar_id: string; created_at: number }

export interface EventRow {
  /** `series_id` groups a series' rows (the UUID of the event ids); `uid` is the iCalendar UID (migration 0009). */
  event_id: string; series_id: string; uid: string; original_time: number; tenant_key: string; organizer_calendar_id: string;
  organizer: string; content: string; status: string; is_exception: number; is_recurring: number; summary: string;
  create_time: number; version: number; first_start: number; last_end: number;
  /** A series master's stored occurrence times (recurrence/stored.ts), null for anything else. */
  occurrences: string | null;
}

export interface EventPlacementRow {
  calendar_id: string; event_id: string; reason: string; removed: number; version: number; first_start: number; last_end: number;
  /** What free/busy weighs of the event, copied from it (busyOf in event.repository.ts); null only for a placement written before its event (no path does). */
  busy: string | null;
}

export interface EventPersonalRow { event_id: string; identity: string; settings: string; version: number }

export interface AttendeeRow {
  event_id: string; attendee_id: string; type: string; user_ref: string | null; chat_id: string | null; room_id: string | null;
  email: string | null; rsvp_status: string; is_optional: number; is_organizer: number; is_external: number;
  display_name: string; operate_ref: string | null; approval_reason: string; resource_customization: string;
  removed: number; seq: number;
}

export interface ChatMemberRsvpRow { event_id: string; attendee_id: string; user_ref: string; rsvp_status: string }
export interface EventIdempotencyRow { app_id: string; calendar_id: string; idempotency_key: string; event_id: string }
/** `last_state`: the destroyed exception's row as JSON (an EventRow). */
export interface EventTombstoneRow { calendar_id: string; event_id: string; version: number; first_start: number; last_state: string }
export interface EventExtrasRow { series_id: string; meeting_chat_id: string | null; meeting_chat_owner: string | null; minute_url: string | null }

export interface TimeoffEventRow {
  timeoff_event_id: string; tenant_key: string; app_id: string; user_ref: string; event_id: string;
  timezone: string; start_time: string; end_time: string; title: string; description: string;
  deleted: number; created_at: number;
}

export interface AppEventConfigRow {
  app_id: string; delivery: string; request_url: string | null; encrypt_key: string | null;
  verification_token: string; types: string; url_check: string;
}

/** `event`: the envelope's `event` object as JSON; `claimed_*`: the lease of the worker trying it. */
export interface DeliveryRow {
  event_id: string; app_id: string; tenant_key: string; event_type: string; event: string;
  merge_key: string | null; change_type: string | null; status: string; attempts: number;
  created_at: number; due_at: number; claimed_by: string | null; claimed_until: number | null;
}

export interface DeliveryAttemptRow {
  event_id: string; attempt: number; at: number; transport: string; ok: number;
  code: number | null; latency_ms: number; error: string | null;
}

export interface SettingRow { key: string; value: string }

/** A rate-limit window's count (migration 0023), PostgreSQL's shared counters. */
export interface RateCounterRow {
  slot: string;
  window_start: number;
  count: number;
  expires_at: number;
}

export interface RoomBookingRow {
  arrival: Generated<number>; event_id: string; attendee_id: string; room_id: string; due_at: number; requested_by: string;
}

export interface SuperAdminRow { tenant_key: string; user_ref: string }
export interface ExchangeAdminAccountRow { tenant_key: string; account: string }
/** `source`: the MailboxSource as JSON (core/exchange/model.ts). */
export interface ExchangeAccountRow { tenant_key: string; account: string; source: string }
export interface ExchangeBindingRow {
  binding_id: string; tenant_key: string; admin_account: string; exchange_account: string; user_ref: string;
  status: string; calendar_id: string | null; due_at: number; created_at: number; error: string;
}

/** A device's CalDAV password, hashed (migration 0024). */
export interface CaldavCredentialRow {
  credential_id: string; tenant_key: string; user_ref: string; app_id: string; user_name: string;
  device_name: string; password_hash: string; created_at: number;
}

/** A CalDAV client's name for a series on a calendar (migration 0025). */
export interface CaldavObjectNameRow { calendar_id: string; name: string; tenant_key: string; uid: string }

export interface Database {
  tenants: TenantRow;
  users: UserRow;
  apps: AppRow;
  user_open_ids: UserOpenIdRow;
  chats: ChatRow;
  chat_members: ChatMemberRow;
  rooms: RoomRow;
  tokens: TokenRow;
  calendars: CalendarRow;
  calendar_members: CalendarMemberRow;
  acls: AclRow;
  changes: ChangeRow;
  change_cursors: ChangeCursorRow;
  event_subscriptions: EventSubscriptionRow;
  events: EventRow;
  event_placements: EventPlacementRow;
  event_personal: EventPersonalRow;
  attendees: AttendeeRow;
  chat_member_rsvps: ChatMemberRsvpRow;
  event_idempotency: EventIdempotencyRow;
  event_extras: EventExtrasRow;
  event_tombstones: EventTombstoneRow;
  timeoff_events: TimeoffEventRow;
  app_event_configs: AppEventConfigRow;
  deliveries: DeliveryRow;
  delivery_attempts: DeliveryAttemptRow;
  settings: SettingRow;
  room_bookings: RoomBookingRow;
  rate_counters: RateCounterRow;
  super_admins: SuperAdminRow;
  exchange_admin_accounts: ExchangeAdminAccountRow;
  exchange_accounts: ExchangeAccountRow;
  exchange_bindings: ExchangeBindingRow;
  caldav_credentials: CaldavCredentialRow;
  caldav_object_names: CaldavObjectNameRow;
}
