/** Core event views → Feishu's event JSON, field sets per endpoint (events.md §2.1 table). */
import { createHash } from 'node:crypto';
import type { EventInput } from '../../../core/events/input.js';
import type { Json } from '../../../core/events/model.js';
import { instantOf, type EventTime } from '../../../core/events/time.js';
import type { EventView } from '../../../core/events/views.js';
import type { Person } from '../../../core/tenancy/people.js';
import type { EventBody, EventJson } from '../schemas/event.js';

export type EventShape = 'full' | 'list' | 'search' | 'instances' | 'instance_view';

export interface RenderContext {
  organizers: Map<string, Person>;
  /** get with need_meeting_settings=true, by someone who may edit. */
  meetingSettings?: boolean;
}

export function bodyToInput(body: EventBody): EventInput {
  const input: EventInput = {
    summary: body.summary, description: body.description, descriptionRich: body.description_rich,
    start: body.start_time, end: body.end_time, recurrence: body.recurrence, visibility: body.visibility,
    attendeeAbility: body.attendee_ability, freeBusyStatus: body.free_busy_status, color: body.color, reminders: body.reminders,
    location: body.location as Json | undefined, vchat: body.vchat as Json | undefined, schemas: body.schemas as Json[] | undefined,
    attachments: body.attachments as Json[] | undefined, checkIn: body.event_check_in as Json | undefined, source: body.source,
  };
  for (const key of Object.keys(input) as Array<keyof EventInput>) if (input[key] === undefined) delete input[key];
  return input;
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

function vchatOut(vchat: Json | null, withSettings: boolean): Json | undefined {
  if (!vchat) return undefined;
  if (withSettings) return vchat;
  const { meeting_settings: _settings, ...rest } = vchat;
  return rest;
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
    vchat: hidden ? undefined : vchatOut(e.vchat, shape === 'full' && ctx.meetingSettings !== false),
    visibility: view.visibility,
    attendee_ability: e.attendeeAbility,
    free_busy_status: view.freeBusyStatus,
    location: hidden ? undefined : (e.location ?? undefined),
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
    event_check_in: hidden ? undefined : (e.checkIn as EventJson['event_check_in']) ?? undefined,
    source: e.source || undefined,
    self_rsvp_status: view.selfRsvpStatus,
  };
  return pick(all, FIELDS[shape]);
}

/** Size and name were stored with the attachment when its file was checked (core/files/attachments.ts). */
function attachmentToFeishu(a: Json) {
  return { file_token: String(a.file_token), file_size: String(a.file_size ?? '0'), name: String(a.name ?? '') };
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
