/**
 * The tables a snapshot copies: all but `settings` (the admin token must
 * survive a restore) and Kysely's migration tables. Parents first, for the
 * only foreign keys there are (users and apps → tenants); cleared in reverse.
 * test/api/admin-state-tables.test.ts checks the list against the database.
 */
export const STATE_TABLES = [
  'tenants', 'users', 'apps', 'user_open_ids', 'chats', 'chat_members', 'rooms', 'tokens',
  'calendars', 'calendar_members', 'acls', 'changes', 'change_cursors', 'event_subscriptions',
  'events', 'event_placements', 'event_personal', 'attendees', 'chat_member_rsvps', 'event_idempotency',
  'event_extras', 'event_tombstones', 'timeoff_events', 'files', 'app_event_configs', 'deliveries', 'delivery_attempts',
] as const;

export type StateTable = (typeof STATE_TABLES)[number];

/** Where snapshots live: an attached database on SQLite, a schema on PostgreSQL; both are named so in SQL. */
export const AREA = 'larkcal_snapshots';
