/** Core event views → Feishu's event JSON, field sets per endpoint (events.md §2.1 table). */
import { createHash } from 'node:crypto';
import type { Attachment, CheckIn, CheckInPoint, Location, MeetingSettings, VideoMeeting } from '../../../core/events/model.js';
import { instantOf, type EventTime } from '../../../core/events/time.js';
import type { EventView } from '../../../core/events/views.js';
import type { Person } from '../../../core/tenancy/directory.js';
import { CHECK_IN_TIME_TYPE, ICON_TYPE, JOIN_PERMISSION, VC_TYPE, type EventJson } from '../schemas/event.js';

export type EventShape = 'full' | 'list' | 'search' | 'instances' | 'instance_view';

export interface RenderContext {
  organizers: Map<string, Person>;
  /** get with need_meeting_settings=true, by someone who may edit. */
  meetingSettings?: boolean;
}

export function timeToFeishu(time: EventTime): { date?: string; timestamp?: string; timezone: string } {
  // All-day events are fixed to UTC on the wire (events.md §2.3).
  return time.kind === 'date' ? { date: time.date, timezone: 'UTC' } : { timestamp: String(time.ts), timezone: time.tz };
}

/** The numeric calendar id inside app links is internal to Feishu; larkcal derives a stable one. */
const calendarNumbers = new Map<string, string>();
function calendarNumber(calendarId: string): string {
  let number = calendarNumbers.get(calendarId);
  if (!number) {
    number = (BigInt(`0x${createHash('sha256').update(calendarId).digest('hex').slice(0, 15)}`) + 7000000000000000000n).toString();
    if (calendarNumbers.size >= 10_000) calendarNumbers.clear();
    calendarNumbers.set(calendarId, number);
  }
  return number;
}

export function appLink(view: EventView): string {
  const e = view.event;
  const originalTime = view.eventId.slice(view.eventId.lastIndexOf('_') + 1);
  return `https://applink.feishu.cn/client/calendar/event/detail?calendarId=${calendarNumber(e.organizerCalendarId)}&key=${e.seriesId}&originalTime=${originalTime}&startTime=${instantOf(view.start)}`;
}

// The sub-objects in Feishu's words. Absent parts are left undefined: the response schema's serializer omits them.

export function locationToFeishu(l: Location): NonNullable<EventJson['location']> {
  return { name: l.name, address: l.address, latitude: l.latitude, longitude: l.longitude };
}

/** `meeting_settings` only for get with need_meeting_settings=true (events.md §2.1). */
export function videoMeetingToFeishu(m: VideoMeeting, withSettings: boolean): NonNullable<EventJson['vchat']> {
  return {
    vc_type: m.kind && VC_TYPE[m.kind], icon_type: m.icon && ICON_TYPE[m.icon], description: m.label, meeting_url: m.url, live_link: m.liveLink,
    vc_info: m.room && { unique_id: m.room.uniqueId, meeting_no: m.room.number },
    meeting_settings: withSettings && m.settings ? meetingSettingsToFeishu(m.settings) : undefined,
  };
}

function meetingSettingsToFeishu(s: MeetingSettings) {
  return {
    owner_id: s.ownerId, join_meeting_permission: s.joinPolicy && JOIN_PERMISSION[s.joinPolicy], password: s.password, assign_hosts: s.hosts,
    auto_record: s.autoRecord, open_lobby: s.openLobby, allow_attendees_start: s.attendeesMayStart,
  };
}

export function attachmentToFeishu(a: Attachment) {
  return { file_token: a.fileToken, file_size: String(a.size), name: a.name };
}

export function checkInToFeishu(c: CheckIn): NonNullable<EventJson['event_check_in']> {
  const point = (p: CheckInPoint | undefined) => p && { time_type: CHECK_IN_TIME_TYPE[p.anchor], duration: p.minutes as 0 | 5 | 15 | 30 | 60 };
  return { enable_check_in: c.enabled, check_in_start_time: point(c.opens), check_in_end_time: point(c.closes), need_notify_attendees: c.notifyAttendees };
}

export function eventToFeishu(view: EventView, shape: EventShape, ctx: RenderContext): EventJson {
  const e = view.event;
  const hidden = view.redacted;
  const organizer = ctx.organizers.get(e.organizer);
  const all: EventJson = {
    event_id: view.eventId,
    organizer_calendar_id: e.organizerCalendarId,
    summary: hidden ? '' : e.summary,
    description: hidden ? '' : e.description,
    description_rich: hidden ? '' : e.descriptionRich,
    start_time: timeToFeishu(view.start),
    end_time: timeToFeishu(view.end),
    vchat: hidden || !e.videoMeeting ? undefined : videoMeetingToFeishu(e.videoMeeting, shape === 'full' && ctx.meetingSettings !== false),
    visibility: view.visibility,
    attendee_ability: e.attendeeAbility,
    free_busy_status: view.freeBusyStatus,
    location: hidden || !e.location ? undefined : locationToFeishu(e.location),
    color: view.color,
    reminders: view.reminders,
    recurrence: view.recurrence,
    status: view.status,
    is_exception: view.isException,
    recurring_event_id: view.recurringEventId || undefined,
    create_time: String(e.createTime),
    schemas: hidden ? undefined : (e.schemas as EventJson['schemas']),
    event_organizer: organizer ? { user_id: organizer.id, display_name: organizer.name } : undefined,
    app_link: appLink(view),
    attachments: hidden ? undefined : e.attachments.map(attachmentToFeishu),
    event_check_in: hidden || !e.checkIn ? undefined : checkInToFeishu(e.checkIn),
    source: e.source || undefined,
    self_rsvp_status: view.selfRsvpStatus,
  };
  return pick(all, FIELDS[shape]);
}

const LIST_FIELDS = [
  'event_id', 'organizer_calendar_id', 'summary', 'description', 'description_rich', 'start_time', 'end_time', 'vchat', 'visibility',
  'attendee_ability', 'free_busy_status', 'location', 'color', 'reminders', 'recurrence', 'status', 'is_exception', 'recurring_event_id',
  'create_time', 'schemas', 'event_organizer', 'app_link', 'attachments', 'source', 'self_rsvp_status',
] as const satisfies ReadonlyArray<keyof EventJson>;

const FIELDS: Record<EventShape, ReadonlyArray<keyof EventJson>> = {
  full: [...LIST_FIELDS, 'event_check_in'],
  list: LIST_FIELDS,
  search: LIST_FIELDS.filter((f) => f !== 'vchat' && f !== 'create_time' && f !== 'schemas'),
  instances: ['event_id', 'summary', 'description', 'start_time', 'end_time', 'status', 'is_exception', 'app_link', 'location', 'description_rich'],
  instance_view: [
    'event_id', 'summary', 'description', 'start_time', 'end_time', 'status', 'is_exception', 'app_link', 'organizer_calendar_id', 'vchat',
    'visibility', 'attendee_ability', 'free_busy_status', 'location', 'color', 'recurring_event_id', 'event_organizer', 'self_rsvp_status',
    'description_rich',
  ],
};

function pick(json: EventJson, fields: ReadonlyArray<keyof EventJson>): EventJson {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (json[f] !== undefined) out[f] = json[f];
  return out as EventJson;
}
