/** The Calendar v4 shapes the web calendar reads, and the calls it makes (all as the signed-in user). */
import { api, q } from './api.js';

export interface Calendar {
  calendar_id: string;
  summary: string;
  summary_alias?: string;
  description?: string;
  color: number;
  type: 'primary' | 'shared' | 'google' | 'resource' | 'exchange';
  role: 'unknown' | 'free_busy_reader' | 'reader' | 'writer' | 'owner';
  permissions?: 'private' | 'show_only_free_busy' | 'public';
  is_third_party?: boolean;
  is_deleted?: boolean;
}

export interface EventTime {
  timestamp?: string;
  date?: string;
  timezone?: string;
}

export interface CalEvent {
  event_id: string;
  summary?: string;
  description?: string;
  start_time: EventTime;
  end_time: EventTime;
  recurrence?: string;
  recurring_event_id?: string;
  is_exception?: boolean;
  status?: string;
  location?: { name?: string; address?: string };
  vchat?: { vc_type?: string; meeting_url?: string };
  event_organizer?: { user_id?: string; display_name?: string };
  self_rsvp_status?: string;
  free_busy_status?: string;
  visibility?: string;
  color?: number;
  organizer_calendar_id?: string;
  reminders?: Array<{ minutes: number }>;
  attendee_ability?: 'none' | 'can_see_others' | 'can_invite_others' | 'can_modify_event';
}

export interface Attendee {
  type: 'user' | 'chat' | 'resource' | 'third_party';
  attendee_id: string;
  rsvp_status?: string;
  display_name?: string;
  user_id?: string;
  chat_id?: string;
  room_id?: string;
  third_party_email?: string;
  is_organizer?: boolean;
  is_optional?: boolean;
}

export interface Room {
  room_id: string;
  room_name: string;
  capacity?: number;
  reserve_until_time?: string;
}

export const listCalendars = async (): Promise<Calendar[]> => {
  const all: Calendar[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ calendar_list?: Calendar[]; page_token?: string; has_more?: boolean }>('GET', `calendar/v4/calendars?${q({ page_size: 500, page_token: pageToken })}`);
    all.push(...(page.calendar_list ?? []));
    pageToken = page.has_more ? page.page_token : undefined;
  } while (pageToken);
  return all.filter((c) => !c.is_deleted);
};

export const instanceView = async (calendarId: string, start: number, end: number): Promise<CalEvent[]> =>
  (await api<{ items?: CalEvent[] }>('GET', `calendar/v4/calendars/${enc(calendarId)}/events/instance_view?${q({ start_time: start, end_time: end, user_id_type: 'open_id' })}`)).items ?? [];

export const getEvent = async (calendarId: string, eventId: string): Promise<CalEvent> =>
  (await api<{ event: CalEvent }>('GET', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}?${q({ user_id_type: 'open_id' })}`)).event;

export const listAttendees = async (calendarId: string, eventId: string): Promise<Attendee[]> =>
  (await api<{ items?: Attendee[] }>('GET', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}/attendees?${q({ user_id_type: 'open_id', page_size: 100 })}`)).items ?? [];

/** A member of a chat attendee, with their own answer (events.md §3.15); `open_id` whatever user_id_type says. */
export interface ChatMember {
  open_id?: string;
  display_name?: string;
  rsvp_status?: string;
  is_optional?: boolean;
  is_organizer?: boolean;
  is_external?: boolean;
}

export async function listChatMembers(calendarId: string, eventId: string, attendeeId: string): Promise<ChatMember[]> {
  const all: ChatMember[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ items?: ChatMember[]; page_token?: string; has_more?: boolean }>('GET',
      `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}/attendees/${enc(attendeeId)}/chat_members?${q({ page_size: 100, page_token: pageToken, user_id_type: 'open_id' })}`);
    all.push(...(page.items ?? []));
    pageToken = page.has_more ? page.page_token : undefined;
  } while (pageToken);
  return all;
}

export const createEvent = async (calendarId: string, event: Partial<CalEvent>): Promise<CalEvent> =>
  (await api<{ event: CalEvent }>('POST', `calendar/v4/calendars/${enc(calendarId)}/events?${q({ user_id_type: 'open_id' })}`, event)).event;

export const patchEvent = async (calendarId: string, eventId: string, patch: Partial<CalEvent>): Promise<CalEvent> =>
  (await api<{ event: CalEvent }>('PATCH', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}?${q({ user_id_type: 'open_id' })}`, patch)).event;

/** `destroyException`: delete_exception=true, the exception row goes instead of staying as a cancelled placeholder (events.md §3.2). */
export const deleteEvent = (calendarId: string, eventId: string, destroyException = false): Promise<unknown> =>
  api('DELETE', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}${destroyException ? `?${q({ delete_exception: true })}` : ''}`);

/** A series' occurrences in [start, end) (Unix seconds; at most 2 years, events.md §3.8), every page. */
export async function listInstances(calendarId: string, eventId: string, start: number, end: number): Promise<CalEvent[]> {
  const all: CalEvent[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ items?: CalEvent[]; page_token?: string; has_more?: boolean }>('GET',
      `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}/instances?${q({ start_time: start, end_time: end, page_size: 500, page_token: pageToken })}`);
    all.push(...(page.items ?? []));
    pageToken = page.has_more ? page.page_token : undefined;
  } while (pageToken);
  return all;
}

/**
 * The calendar's events from `anchor` (Unix seconds) on, every page: one-off events ending after it,
 * every series master, and the exceptions whose original time is at or after it (anchored list, events.md §3.4).
 */
export async function listEventsFrom(calendarId: string, anchor: number): Promise<CalEvent[]> {
  const all: CalEvent[] = [];
  let pageToken: string | undefined;
  do {
    const page = await api<{ items?: CalEvent[]; page_token?: string; has_more?: boolean }>('GET',
      `calendar/v4/calendars/${enc(calendarId)}/events?${q({ anchor_time: anchor, page_size: 1000, page_token: pageToken, user_id_type: 'open_id' })}`);
    all.push(...(page.items ?? []));
    pageToken = page.has_more ? page.page_token : undefined;
  } while (pageToken);
  return all;
}

export const addAttendees = (calendarId: string, eventId: string, attendees: Array<Partial<Attendee>>): Promise<unknown> =>
  api('POST', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}/attendees?${q({ user_id_type: 'open_id' })}`, { attendees, need_notification: true });

export const reply = (calendarId: string, eventId: string, rsvp: 'accept' | 'tentative' | 'decline'): Promise<unknown> =>
  api('POST', `calendar/v4/calendars/${enc(calendarId)}/events/${enc(eventId)}/reply`, { rsvp_status: rsvp });

export const findRooms = async (start: Date, end: Date, timezone: string): Promise<Room[]> =>
  (await api<{ available_rooms?: Room[] }>('POST', 'calendar/v4/freebusy/room_find', { event_start_time: rfc3339(start), event_end_time: rfc3339(end), timezone })).available_rooms ?? [];

/** A room of the vc/v1 directory: its level is the last of `path` (building → floor …). */
export interface DirectoryRoom {
  room_id: string;
  name: string;
  capacity?: number;
  room_level_id?: string;
  path?: string[];
}

export interface RoomLevel {
  room_level_id: string;
  name: string;
  parent_id?: string;
}

/** Rooms whose name holds `keyword` (vc/v1 rooms/search, the directory call a user token may make). */
export const searchRooms = async (keyword: string): Promise<DirectoryRoom[]> =>
  (await api<{ rooms?: DirectoryRoom[] }>('POST', `vc/v1/rooms/search?${q({ user_id_type: 'open_id' })}`, { keyword, page_size: 100 })).rooms ?? [];

/** Level names (vc/v1 room_levels/mget: Feishu takes an app's token only, so the web adapter makes this call as its app). */
export const roomLevels = async (levelIds: string[]): Promise<RoomLevel[]> =>
  levelIds.length === 0 ? [] : (await api<{ items?: RoomLevel[] }>('POST', 'vc/v1/room_levels/mget', { level_ids: levelIds })).items ?? [];

export const freeBusy = async (openId: string, start: Date, end: Date): Promise<Array<{ start_time: string; end_time: string }>> =>
  (await api<{ freebusy_list?: Array<{ start_time: string; end_time: string }> }>('POST', `calendar/v4/freebusy/list?${q({ user_id_type: 'open_id' })}`, { time_min: rfc3339(start), time_max: rfc3339(end), user_id: openId })).freebusy_list ?? [];

export const searchCalendars = async (query: string): Promise<Calendar[]> =>
  (await api<{ items?: Calendar[] }>('POST', `calendar/v4/calendars/search?${q({ page_size: 20 })}`, { query })).items ?? [];

export const subscribe = (calendarId: string): Promise<unknown> => api('POST', `calendar/v4/calendars/${enc(calendarId)}/subscribe`);
export const unsubscribe = (calendarId: string): Promise<unknown> => api('POST', `calendar/v4/calendars/${enc(calendarId)}/unsubscribe`);
export const createCalendar = (summary: string): Promise<unknown> => api('POST', 'calendar/v4/calendars', { summary, permissions: 'private' });
export const patchCalendar = (calendarId: string, patch: Partial<Calendar>): Promise<unknown> => api('PATCH', `calendar/v4/calendars/${enc(calendarId)}`, patch);
export const deleteCalendar = (calendarId: string): Promise<unknown> => api('DELETE', `calendar/v4/calendars/${enc(calendarId)}`);

/** Email → open_id and name (contact v3 batch_get_id, then the user). Undefined when nobody has it. */
export async function userByEmail(email: string): Promise<{ openId: string; name: string } | undefined> {
  const found = await api<{ user_list?: Array<{ email?: string; user_id?: string }> }>('POST', `contact/v3/users/batch_get_id?${q({ user_id_type: 'open_id' })}`, { emails: [email] });
  const openId = found.user_list?.find((u) => u.user_id)?.user_id;
  if (!openId) return undefined;
  return { openId, name: await userName(openId) };
}

export async function userName(openId: string): Promise<string> {
  const { user } = await api<{ user: { name?: string } }>('GET', `contact/v3/users/${enc(openId)}?${q({ user_id_type: 'open_id' })}`);
  return user.name ?? openId;
}

export async function userTimeZone(openId: string): Promise<string | undefined> {
  const { user } = await api<{ user: { time_zone?: string } }>('GET', `contact/v3/users/${enc(openId)}?${q({ user_id_type: 'open_id' })}`);
  return user.time_zone;
}

const enc = encodeURIComponent;

/** RFC 3339 in UTC. */
export const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Feishu colours are signed 32-bit ARGB integers. */
export function cssColor(color: number | undefined): string {
  if (color === undefined || color === -1) return '#3370ff';
  return `#${((color >>> 0) & 0xffffff).toString(16).padStart(6, '0')}`;
}

export function feishuColor(hex: string): number {
  return (0xff000000 | Number.parseInt(hex.slice(1), 16)) | 0;
}

export interface Acl {
  acl_id: string;
  role: Calendar['role'];
  scope: { type: 'user'; user_id?: string };
}

export const listAcls = async (calendarId: string): Promise<Acl[]> =>
  (await api<{ acls?: Acl[] }>('GET', `calendar/v4/calendars/${enc(calendarId)}/acls?${q({ user_id_type: 'open_id', page_size: 50 })}`)).acls ?? [];
export const addAcl = (calendarId: string, openId: string, role: Acl['role']): Promise<unknown> =>
  api('POST', `calendar/v4/calendars/${enc(calendarId)}/acls?${q({ user_id_type: 'open_id' })}`, { role, scope: { type: 'user', user_id: openId } });
export const removeAcl = (calendarId: string, aclId: string): Promise<unknown> => api('DELETE', `calendar/v4/calendars/${enc(calendarId)}/acls/${enc(aclId)}`);

/** Meeting times when every attendee is free (calendars.md §5.5). */
export const suggestTimes = async (start: Date, end: Date, minutes: number, attendeeOpenIds: string[], timezone: string): Promise<Array<{ event_start_time: string; event_end_time: string; recommend_reason?: string }>> =>
  (await api<{ suggestions?: Array<{ event_start_time: string; event_end_time: string; recommend_reason?: string }> }>('POST', 'calendar/v4/freebusy/suggestion', {
    search_start_time: rfc3339(start), search_end_time: rfc3339(end), timezone, duration_minutes: minutes, attendee_user_ids: attendeeOpenIds,
  })).suggestions ?? [];
