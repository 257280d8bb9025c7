/**
 * A plausible request for each route: hand-written seeds where a body must
 * make sense to reach the core (times, rules, ids), otherwise one derived from
 * the route's schema. Mutations then spoil one field of it at a time.
 */
import type { JsonSchema, RouteInfo } from './routes.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Sample {
  query: Record<string, string>;
  body: Json | undefined;
  /** Sent as a form (the login page's POST), not as JSON. */
  form?: boolean;
}

const TIME = { timestamp: '1800000000', timezone: 'Asia/Shanghai' };
const TIME_END = { timestamp: '1800003600', timezone: 'Asia/Shanghai' };
const ISO = '2027-01-15T09:00:00+08:00';
const ISO_END = '2027-01-15T18:00:00+08:00';
const EVENT = {
  summary: 'fuzz', description: 'd', start_time: TIME, end_time: TIME_END, recurrence: 'FREQ=DAILY;COUNT=3', visibility: 'default',
  attendee_ability: 'can_see_others', free_busy_status: 'busy', color: -1, reminders: [{ minutes: 5 }],
  location: { name: 'HQ', address: 'a', latitude: 1.5, longitude: 2.5 }, vchat: { vc_type: 'third_party', meeting_url: 'https://example.com/m' },
};

/** By the route's pattern after `/open-apis`, keyed `METHOD path`. */
const SEEDS: Record<string, Partial<Sample>> = {
  'POST /auth/v3/tenant_access_token/internal': { body: { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'full-secret-0123456789' } },
  'POST /auth/v3/app_access_token/internal': { body: { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'full-secret-0123456789' } },
  'POST /auth/v3/app_ticket/resend': { body: { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'full-secret-0123456789' } },
  'POST /auth/v3/app_access_token': { body: { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'full-secret-0123456789', app_ticket: 'ticket' } },
  'POST /auth/v3/tenant_access_token': { body: { app_access_token: 'a-token', tenant_key: '2ed263bf32cf1651' } },
  'GET /authen/v1/authorize': { query: { app_id: 'cli_a1b2c3d4e5f60718', redirect_uri: 'http://127.0.0.1:9000/callback', state: 's', scope: 'calendar:calendar' } },
  'POST /authen/v1/authorize': { form: true, body: { app_id: 'cli_a1b2c3d4e5f60718', redirect_uri: 'http://127.0.0.1:9000/callback', state: 's', login: 'alice@acme.example', password: 'x' } },
  'GET /authen/v1/index': { query: { app_id: 'cli_a1b2c3d4e5f60718', redirect_uri: 'http://127.0.0.1:9000/callback', state: 's' } },
  'POST /authen/v1/index': { form: true, body: { app_id: 'cli_a1b2c3d4e5f60718', redirect_uri: 'http://127.0.0.1:9000/callback', login: 'alice@acme.example', password: 'x' } },
  'POST /authen/v2/oauth/token': {
    body: { grant_type: 'authorization_code', client_id: 'cli_a1b2c3d4e5f60718', client_secret: 'full-secret-0123456789', code: 'c', redirect_uri: 'http://127.0.0.1:9000/callback', code_verifier: 'v' },
  },
  'POST /authen/v1/oidc/access_token': { body: { grant_type: 'authorization_code', code: 'c' } },
  'POST /authen/v1/oidc/refresh_access_token': { body: { grant_type: 'refresh_token', refresh_token: 'r' } },
  'POST /authen/v1/access_token': { body: { grant_type: 'authorization_code', code: 'c' } },
  'POST /authen/v1/refresh_access_token': { body: { grant_type: 'refresh_token', refresh_token: 'r' } },
  'POST /calendar/v4/calendars/:calendar_id/events': { query: { user_id_type: 'user_id' }, body: EVENT },
  'PATCH /calendar/v4/calendars/:calendar_id/events/:event_id': { query: { user_id_type: 'user_id' }, body: EVENT },
  'GET /calendar/v4/calendars/:calendar_id/events': { query: { start_time: '1800000000', end_time: '1810000000', page_size: '50' } },
  'GET /calendar/v4/calendars/:calendar_id/events/instance_view': { query: { start_time: '1800000000', end_time: '1802000000', user_id_type: 'user_id' } },
  'GET /calendar/v4/calendars/:calendar_id/events/:event_id/instances': { query: { start_time: '1800000000', end_time: '1810000000', page_size: '50' } },
  'POST /calendar/v4/calendars/:calendar_id/events/search': { query: { user_id_type: 'user_id' }, body: { query: 'fuzz', filter: { start_time: TIME, end_time: TIME_END, user_ids: ['alice'] } } },
  'POST /calendar/v4/calendars/:calendar_id/events/:event_id/reply': { body: { rsvp_status: 'accept' } },
  'POST /calendar/v4/calendars/:calendar_id/events/:event_id/attendees': {
    query: { user_id_type: 'user_id' },
    body: { attendees: [{ type: 'user', user_id: 'carol', is_optional: true }, { type: 'resource', room_id: 'omm_83d09ad4f6896e02029a6a075f71c9d1' }], need_notification: false },
  },
  'POST /calendar/v4/calendars/:calendar_id/acls': { query: { user_id_type: 'user_id' }, body: { role: 'writer', scope: { type: 'user', user_id: 'dave' } } },
  'POST /calendar/v4/freebusy/list': { query: { user_id_type: 'user_id' }, body: { time_min: ISO, time_max: ISO_END, user_id: 'alice', need_rsvp_status: true } },
  'POST /calendar/v4/freebusy/batch': { query: { user_id_type: 'user_id' }, body: { time_min: ISO, time_max: ISO_END, user_ids: ['alice', 'bob'] } },
  'POST /calendar/v4/freebusy/suggestion': {
    query: { user_id_type: 'user_id' },
    body: { search_start_time: ISO, search_end_time: '2027-01-17T18:00:00+08:00', timezone: 'Asia/Shanghai', event_rrule: 'FREQ=WEEKLY;UNTIL=20270201T000000Z', duration_minutes: 30, attendee_user_ids: ['alice', 'bob'] },
  },
  'POST /calendar/v4/freebusy/room_find': {
    body: { event_start_time: ISO, event_end_time: '2027-01-15T10:00:00+08:00', event_rrule: 'FREQ=WEEKLY;UNTIL=20270201T000000Z', timezone: 'Asia/Shanghai', min_capacity: 2, attendee_user_ids: ['alice'] },
  },
  'POST /calendar/v4/timeoff_events': { query: { user_id_type: 'user_id' }, body: { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: '2027-06-01', end_time: '2027-06-02', title: 't' } },
  'POST /calendar/v4/exchange_bindings': { query: { user_id_type: 'user_id' }, body: { admin_account: 'exadmin@acme-ex.example', exchange_account: 'bob@acme-ex.example', user_id: 'bob' } },
  'POST /contact/v3/users/batch_get_id': { query: { user_id_type: 'user_id' }, body: { emails: ['alice@acme.example'], mobiles: ['+8613800000000'] } },
  'GET /contact/v3/users/:user_id': { query: { user_id_type: 'user_id' } },
  'POST /calendar/v4/calendars/mget': { body: { calendar_ids: ['$calendar_id'] } },
  'POST /calendar/v4/calendars/search': { body: { query: 'fuzz' } },
  'POST /calendar/v4/calendars/:calendar_id/events/:event_id/attendees/batch_delete': { query: { user_id_type: 'user_id' }, body: { attendee_ids: ['$attendee_id'], delete_ids: [{ type: 'user', user_id: 'bob' }] } },
  'DELETE /calendar/v4/calendars/:calendar_id/events/:event_id/meeting_chat': { query: { meeting_chat_id: 'oc_0123456789abcdef0123456789abcdef' } },
  'POST /vc/v1/rooms/mget': { body: { room_ids: ['$room_id'] } },
  'POST /vc/v1/rooms/search': { body: { keyword: 'Ever' } },
  'POST /vc/v1/room_levels/mget': { body: { level_ids: ['$room_level_id'] } },
  'POST /calendar/v4/calendars/primarys': { query: { user_id_type: 'user_id' }, body: { user_ids: ['alice', 'bob'] } },
};

/** The route's seed, else its schema's sample; `$name` strings stand for the world's ids (`$calendar_id`). */
export function sampleFor(route: RouteInfo, ids: Readonly<Record<string, string>>): Sample {
  const seed = SEEDS[`${route.method} ${route.url.slice('/open-apis'.length)}`] ?? {};
  // Only the query's required parameters: a made-up page_token or anchor_time would stop every request at 190008.
  const querySchema = route.schema.querystring;
  const query: Record<string, string> = {};
  for (const name of querySchema?.required ?? []) query[name] = String(sampleOf(querySchema!.properties![name]!, 1));
  const body = seed.body ?? (route.schema.body ? sampleOf(route.schema.body, 0) : route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
  return { query: { ...query, ...seed.query }, body: withIds(body, ids), form: seed.form === true };
}

function withIds(value: Json | undefined, ids: Readonly<Record<string, string>>): Json | undefined {
  if (typeof value === 'string') return value.startsWith('$') ? ids[value.slice(1)] ?? value : value;
  if (Array.isArray(value)) return value.map((v) => withIds(v, ids) as Json);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withIds(v, ids) as Json]));
  return value;
}

/** A value the schema accepts, every property present (each is a field to mutate), three levels deep. */
export function sampleOf(schema: JsonSchema, depth: number): Json {
  if (schema.const !== undefined) return schema.const as Json;
  if (schema.enum) return schema.enum[0] as Json;
  if (schema.anyOf) return sampleOf(schema.anyOf[0]!, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      if (depth > 3) return out;
      for (const [key, property] of Object.entries(schema.properties ?? {})) out[key] = sampleOf(property, depth + 1);
      return out;
    }
    case 'array':
      return depth > 3 || !schema.items ? [] : [sampleOf(schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'boolean':
      return false;
    case 'string':
      return 'x'.repeat(Math.max(1, Math.min(schema.minLength ?? 1, 8)));
    default:
      return 'x';
  }
}
