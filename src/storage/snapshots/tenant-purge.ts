/**
 * A tenant and every row of it, in every state table, removed in the caller's
 * transaction (`DELETE /_larkcal/tenants/:tenant_key`). Rows are found through
 * the tenant's apps, users, identities, calendars and events, so the order
 * below removes what points at a row before the row.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { StateTable } from './tables.js';

type Where = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;
type Rows = SelectQueryBuilder<any, any, any>;

/** The tenant's rows that others point at, as subqueries. */
interface Tenant {
  key: string;
  apps: Rows; users: Rows; identities: Rows; calendars: Rows; events: Rows; series: Rows; chats: Rows; deliveries: Rows;
}

const own = (t: Tenant): Where => (eb) => eb('tenant_key', '=', t.key);
// A store app's deliveries and tokens may carry the tenant that installed it, not the app's own.
const ownOrByApp = (t: Tenant): Where => (eb) => eb.or([eb('tenant_key', '=', t.key), eb('app_id', 'in', t.apps)]);

const STEPS: ReadonlyArray<readonly [StateTable, (t: Tenant) => Where]> = [
  ['delivery_attempts', (t) => (eb) => eb('event_id', 'in', t.deliveries)],
  ['deliveries', ownOrByApp],
  ['app_event_configs', (t) => (eb) => eb('app_id', 'in', t.apps)],
  ['event_idempotency', (t) => (eb) => eb.or([eb('app_id', 'in', t.apps), eb('calendar_id', 'in', t.calendars)])],
  ['user_open_ids', (t) => (eb) => eb.or([eb('app_id', 'in', t.apps), eb('user_ref', 'in', t.users)])],
  ['tokens', ownOrByApp],
  ['event_subscriptions', (t) => (eb) => eb.or([eb('app_id', 'in', t.apps), eb('identity', 'in', t.identities), eb('calendar_id', 'in', t.calendars)])],
  ['chat_member_rsvps', (t) => (eb) => eb('event_id', 'in', t.events)],
  ['room_bookings', (t) => (eb) => eb('event_id', 'in', t.events)],
  ['attendees', (t) => (eb) => eb('event_id', 'in', t.events)],
  ['event_personal', (t) => (eb) => eb.or([eb('event_id', 'in', t.events), eb('identity', 'in', t.identities)])],
  ['event_extras', (t) => (eb) => eb('series_id', 'in', t.series)],
  ['event_placements', (t) => (eb) => eb.or([eb('event_id', 'in', t.events), eb('calendar_id', 'in', t.calendars)])],
  ['event_tombstones', (t) => (eb) => eb('calendar_id', 'in', t.calendars)],
  ['acls', (t) => (eb) => eb.or([eb('calendar_id', 'in', t.calendars), eb('identity', 'in', t.identities)])],
  ['calendar_members', (t) => (eb) => eb.or([eb('calendar_id', 'in', t.calendars), eb('identity', 'in', t.identities)])],
  ['caldav_credentials', ownOrByApp],
  ['caldav_object_names', own],
  ['exchange_bindings', own],
  ['exchange_accounts', own],
  ['exchange_admin_accounts', own],
  ['super_admins', own],
  ['events', own],
  ['calendars', own],
  ['changes', own],
  ['timeoff_events', own],
  ['files', own],
  ['chat_members', (t) => (eb) => eb('chat_id', 'in', t.chats)],
  ['chats', own],
  ['rooms', own],
  ['users', own],
  ['apps', own],
  ['tenants', own],
];

/** Every state table but `change_cursors`, whose consumers (the outbox) are the server's, not a tenant's. */
export const PURGED_TABLES: readonly StateTable[] = STEPS.map(([table]) => table);

function tenantOf(db: Kysely<any>, key: string): Tenant {
  const mine = (table: string, column: string) => db.selectFrom(table).select(column).where('tenant_key', '=', key);
  const apps = mine('apps', 'app_id');
  return {
    key, apps,
    users: mine('users', 'ref'),
    identities: db.selectFrom('users').select(sql<string>`'user:' || ref`.as('identity')).where('tenant_key', '=', key)
      .unionAll(db.selectFrom('apps').select(sql<string>`'app:' || app_id`.as('identity')).where('tenant_key', '=', key)),
    calendars: mine('calendars', 'calendar_id'),
    events: mine('events', 'event_id'),
    series: mine('events', 'series_id'),
    chats: mine('chats', 'chat_id'),
    deliveries: db.selectFrom('deliveries').select('event_id').where((eb) => eb.or([eb('tenant_key', '=', key), eb('app_id', 'in', apps)])),
  };
}

/** False, and nothing done, for an unknown tenant. */
export async function purgeTenant(db: Kysely<any>, tenantKey: string): Promise<boolean> {
  const found = await db.selectFrom('tenants').select('tenant_key').where('tenant_key', '=', tenantKey).executeTakeFirst();
  if (!found) return false;
  const tenant = tenantOf(db, tenantKey);
  for (const [table, where] of STEPS) await db.deleteFrom(table).where(where(tenant)).execute();
  return true;
}
