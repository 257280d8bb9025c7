/**
 * The cross-tenant rows: for every gated route, the request another tenant
 * makes with Acme's real ids, and the same request with ids that exist
 * nowhere. Existence must not leak (issue #16 §2): both answer alike.
 */

/** The tenant-specific inputs of a request: Acme's real ones, or well-formed ones of nothing. */
export interface Ids {
  calendarId: string;
  eventId: string;
  aclId: string;
  /** A user_id (user_id_type=user_id is scoped to the tenant). */
  userId: string;
  email: string;
  roomId: string;
  timeoffId: string;
}

export interface TenantRow {
  route: string;
  /**
   * The path names a calendar (or mget asks for one): another tenant holds no role on it and is
   * answered as a same-tenant user without one is (calendars.md §2.4: "identities of another tenant
   * get no role from permissions"; no role → 191002; subscribe → 191006), not as a calendar that is
   * not there. What the calendar holds must not leak: its real event ids answer as absent ones.
   */
  calendarScoped?: true;
  /** `member`: a user_id of the caller's own tenant, for bodies that name one. */
  request(ids: Ids, nowSeconds: number, member: string): { path: string; body?: unknown };
}

const cal = (ids: Ids) => `/open-apis/calendar/v4/calendars/${encodeURIComponent(ids.calendarId)}`;
const ev = (ids: Ids) => `${cal(ids)}/events/${ids.eventId}`;
/** The event through the caller's own primary calendar. */
const own = (ids: Ids) => `/open-apis/calendar/v4/calendars/primary/events/${ids.eventId}`;
const window = (now: number) => `start_time=${now}&end_time=${now + 5 * 86400}`;
const span = (now: number) => ({ time_min: new Date(now * 1000).toISOString(), time_max: new Date((now + 86400) * 1000).toISOString() });

const row = (route: string, request: TenantRow['request']): TenantRow => ({ route, request });
const onCalendar = (route: string, request: TenantRow['request']): TenantRow => ({ route, request, calendarScoped: true });

export const TENANT_ROWS: TenantRow[] = [
  row('GET /open-apis/contact/v3/users/:user_id', (ids) => ({ path: `/open-apis/contact/v3/users/${ids.userId}?user_id_type=user_id` })),
  row('POST /open-apis/contact/v3/users/batch_get_id', (ids) => ({ path: '/open-apis/contact/v3/users/batch_get_id?user_id_type=user_id', body: { emails: [ids.email] } })),
  row('POST /open-apis/calendar/v4/calendars/primarys', (ids) => ({ path: '/open-apis/calendar/v4/calendars/primarys?user_id_type=user_id', body: { user_ids: [ids.userId] } })),
  onCalendar('DELETE /open-apis/calendar/v4/calendars/:calendar_id', (ids) => ({ path: cal(ids) })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id', (ids) => ({ path: cal(ids) })),
  onCalendar('PATCH /open-apis/calendar/v4/calendars/:calendar_id', (ids) => ({ path: cal(ids), body: { summary: 'taken over' } })),
  onCalendar('POST /open-apis/calendar/v4/calendars/mget', (ids) => ({ path: '/open-apis/calendar/v4/calendars/mget', body: { calendar_ids: [ids.calendarId] } })),
  row('POST /open-apis/calendar/v4/calendars/search', () => ({ path: '/open-apis/calendar/v4/calendars/search', body: { query: 'Matrix' } })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/subscribe', (ids) => ({ path: `${cal(ids)}/subscribe` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/unsubscribe', (ids) => ({ path: `${cal(ids)}/unsubscribe` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/acls', (ids, _now, member) => ({ path: `${cal(ids)}/acls?user_id_type=user_id`, body: { role: 'owner', scope: { type: 'user', user_id: member } } })),
  onCalendar('DELETE /open-apis/calendar/v4/calendars/:calendar_id/acls/:acl_id', (ids) => ({ path: `${cal(ids)}/acls/${ids.aclId}` })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/acls', (ids) => ({ path: `${cal(ids)}/acls` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/acls/subscription', (ids) => ({ path: `${cal(ids)}/acls/subscription` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/acls/unsubscription', (ids) => ({ path: `${cal(ids)}/acls/unsubscription` })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events', (ids) => ({ path: `${cal(ids)}/events` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/search', (ids) => ({ path: `${cal(ids)}/events/search`, body: { query: 'Matrix' } })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/instances', (ids, now) => ({ path: `${ev(ids)}/instances?${window(now)}` })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events/instance_view', (ids, now) => ({ path: `${cal(ids)}/events/instance_view?${window(now)}` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events', (ids, now) => ({ path: `${cal(ids)}/events`, body: { summary: 'planted', start_time: { timestamp: String(now + 3600) }, end_time: { timestamp: String(now + 7200) } } })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: ev(ids) })),
  onCalendar('PATCH /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: ev(ids), body: { summary: 'taken over' } })),
  onCalendar('DELETE /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: ev(ids) })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/reply', (ids) => ({ path: `${ev(ids)}/reply`, body: { rsvp_status: 'accept' } })),
  // Reply finds an event by id through any calendar (events.md §2.6), even the caller's own: Acme's event must answer as none.
  row('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/reply', (ids) => ({ path: `/open-apis/calendar/v4/calendars/primary/events/${ids.eventId}/reply`, body: { rsvp_status: 'accept' } })),
  // Acme's event asked for through the caller's own primary calendar: as an event that is not there.
  row('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: `${own(ids)}` })),
  row('PATCH /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: own(ids), body: { summary: 'taken over' } })),
  row('DELETE /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id', (ids) => ({ path: own(ids) })),
  row('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees', (ids) => ({ path: `${own(ids)}/attendees` })),
  row('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/instances', (ids, now) => ({ path: `${own(ids)}/instances?${window(now)}` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/subscription', (ids) => ({ path: `${cal(ids)}/events/subscription` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/unsubscription', (ids) => ({ path: `${cal(ids)}/events/unsubscription` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees', (ids, _now, member) => ({ path: `${ev(ids)}/attendees?user_id_type=user_id`, body: { attendees: [{ type: 'user', user_id: member }] } })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees', (ids) => ({ path: `${ev(ids)}/attendees` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees/batch_delete', (ids) => ({ path: `${ev(ids)}/attendees/batch_delete`, body: { delete_ids: [{ type: 'third_party', third_party_email: 'x@example.com' }] } })),
  onCalendar('GET /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/attendees/:attendee_id/chat_members', (ids) => ({ path: `${ev(ids)}/attendees/user_0000/chat_members` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_chat', (ids) => ({ path: `${ev(ids)}/meeting_chat` })),
  onCalendar('DELETE /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_chat', (ids) => ({ path: `${ev(ids)}/meeting_chat?meeting_chat_id=oc_00000000000000000000000000000000` })),
  onCalendar('POST /open-apis/calendar/v4/calendars/:calendar_id/events/:event_id/meeting_minute', (ids) => ({ path: `${ev(ids)}/meeting_minute` })),
  row('POST /open-apis/calendar/v4/freebusy/list', (ids, now) => ({ path: '/open-apis/calendar/v4/freebusy/list?user_id_type=user_id', body: { ...span(now), user_id: ids.userId } })),
  row('POST /open-apis/calendar/v4/freebusy/batch', (ids, now) => ({ path: '/open-apis/calendar/v4/freebusy/batch?user_id_type=user_id', body: { ...span(now), user_ids: [ids.userId] } })),
  row('DELETE /open-apis/calendar/v4/timeoff_events/:timeoff_event_id', (ids) => ({ path: `/open-apis/calendar/v4/timeoff_events/${encodeURIComponent(ids.timeoffId)}` })),
  row('GET /open-apis/vc/v1/rooms/:room_id', (ids) => ({ path: `/open-apis/vc/v1/rooms/${ids.roomId}` })),
  row('POST /open-apis/vc/v1/rooms/mget', (ids) => ({ path: '/open-apis/vc/v1/rooms/mget', body: { room_ids: [ids.roomId] } })),
];

/**
 * Routes whose request names nothing of another tenant: they are only checked
 * to return nothing of Acme's (its ids, names and rooms never appear).
 */
export const OWN_TENANT_ONLY: Record<string, string> = {
  'POST /open-apis/calendar/v4/calendars/primary': 'the caller\'s own primary calendar',
  'POST /open-apis/calendar/v4/calendars': 'creates in the caller\'s tenant',
  'GET /open-apis/calendar/v4/calendars': 'the caller\'s own calendar list',
  'POST /open-apis/calendar/v4/calendars/subscription': 'the caller\'s own calendar list changes',
  'POST /open-apis/calendar/v4/calendars/unsubscription': 'the caller\'s own calendar list changes',
  'POST /open-apis/drive/v1/medias/upload_all': 'an upload into the caller\'s tenant',
  'POST /open-apis/calendar/v4/freebusy/suggestion': 'names users of the caller\'s tenant',
  'POST /open-apis/calendar/v4/freebusy/room_find': 'the caller\'s tenant\'s rooms',
  'POST /open-apis/calendar/v4/timeoff_events': 'names a user of the caller\'s tenant',
  'POST /open-apis/calendar/v4/exchange_bindings': 'binds a user of the caller\'s tenant',
  'POST /open-apis/calendar/v4/settings/generate_caldav_conf': 'a credential of the caller alone: names no user or calendar',
  'GET /open-apis/calendar/v4/exchange_bindings/:exchange_binding_id': 'the fixture has no Exchange binding to aim at',
  'DELETE /open-apis/calendar/v4/exchange_bindings/:exchange_binding_id': 'the fixture has no Exchange binding to aim at',
  'GET /open-apis/vc/v1/rooms': 'the caller\'s tenant\'s rooms',
  'POST /open-apis/vc/v1/rooms/search': 'the caller\'s tenant\'s rooms',
  'GET /open-apis/vc/v1/room_levels': 'the caller\'s tenant\'s room levels',
  'GET /open-apis/vc/v1/room_levels/search': 'the caller\'s tenant\'s room levels',
  'POST /open-apis/vc/v1/room_levels/mget': 'the caller\'s tenant\'s room levels',
  'GET /open-apis/vc/v1/room_levels/:room_level_id': 'the caller\'s tenant\'s room levels',
};
