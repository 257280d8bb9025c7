/**
 * The tables a snapshot copies: all but `settings` (the admin token must
 * survive a restore) and Kysely's migration tables. Parents first, for the
 * only foreign keys there are (users and apps → tenants); emptied in reverse.
 * test/api/admin-state-tables.test.ts checks the lists against the database.
 */
export const STATE_TABLES = [
  'tenants', 'users', 'apps', 'user_open_ids', 'chats', 'chat_members', 'rooms', 'tokens',
  'calendars', 'calendar_members', 'acls', 'changes', 'change_cursors', 'event_subscriptions',
  'events', 'event_placements', 'event_personal', 'attendees', 'chat_member_rsvps', 'event_idempotency',
  'event_extras', 'event_tombstones', 'timeoff_events', 'files', 'app_event_configs', 'deliveries', 'delivery_attempts',
  'room_bookings', 'super_admins', 'exchange_admin_accounts', 'exchange_accounts', 'exchange_bindings',
  'caldav_credentials', 'caldav_object_names',
] as const;

export type StateTable = (typeof STATE_TABLES)[number];

/** Each table's primary key: a restore removes the live rows the copy lacks by it. */
export const KEYS: Record<StateTable, readonly string[]> = {
  tenants: ['tenant_key'], users: ['ref'], apps: ['app_id'], user_open_ids: ['open_id'], chats: ['chat_id'],
  chat_members: ['chat_id', 'user_ref'], rooms: ['room_id'], tokens: ['hash'], calendars: ['calendar_id'],
  calendar_members: ['identity', 'calendar_id'], acls: ['calendar_id', 'acl_id'], changes: ['seq'], change_cursors: ['consumer'],
  event_subscriptions: ['app_id', 'identity', 'kind', 'calendar_id'], events: ['event_id'], event_placements: ['calendar_id', 'event_id'],
  event_personal: ['identity', 'event_id'], attendees: ['event_id', 'attendee_id'], chat_member_rsvps: ['event_id', 'attendee_id', 'user_ref'],
  event_idempotency: ['app_id', 'calendar_id', 'idempotency_key'], event_extras: ['series_id'], event_tombstones: ['calendar_id', 'event_id'],
  timeoff_events: ['timeoff_event_id'], files: ['file_token'], app_event_configs: ['app_id'], deliveries: ['event_id'],
  delivery_attempts: ['event_id', 'attempt'], room_bookings: ['arrival'],
  super_admins: ['tenant_key', 'user_ref'], exchange_admin_accounts: ['tenant_key', 'account'], exchange_accounts: ['tenant_key', 'account'],
  exchange_bindings: ['binding_id'], caldav_credentials: ['credential_id'],
  caldav_object_names: ['calendar_id', 'name'],
};

/** Where snapshots live: an attached database on SQLite, a schema on PostgreSQL; both are named so in SQL. */
export const AREA = 'larkcal_snapshots';
