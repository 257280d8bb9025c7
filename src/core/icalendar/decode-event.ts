/** One VEVENT → the core's event input, its status, organizer and attendees. */
import ICAL from 'ical.js';
import { DomainError } from '../errors.js';
import { ATTENDEE_ABILITIES, type Attachment, type AttendeeAbility, type CheckIn, type Location, type VideoMeeting } from '../events/model.js';
import { parseRecurrence } from '../events/recurrence/rrule.js';
import type { AttachmentEdit, TimeInfoInput } from '../events/input.js';
import { addDays } from '../events/time.js';
import { decodeAddress, decodeAttendee } from './decode-attendee.js';
import { originalTimeOf, propertyTime, propertyTimes, type IcsTime, type TimeContext } from './decode-time.js';
import { decodeReminders } from './decode-alarm.js';
import { ICalendarError } from './errors.js';
import { X, freeBusyOf, statusOf, visibilityOf } from './mappings.js';
import type { DecodedEvent } from './types.js';
import { isObject, isObjectArray, jsonOf, textOf } from './x-values.js';

export interface DecodedVevent {
  uid: string;
  /** RECURRENCE-ID as an original time, on overrides. */
  originalTime?: number;
  exdates: number[];
  event: DecodedEvent;
}

export function decodeVevent(vevent: ICAL.Component, base: Omit<TimeContext, 'uid'>): DecodedVevent {
  const uid = textOf(vevent, 'uid');
  if (uid === undefined || uid === '') throw new ICalendarError('no_uid', 'a VEVENT has no UID');
  const ctx: TimeContext = { ...base, uid };
  const dtstartProp = vevent.getFirstProperty('dtstart');
  if (!dtstartProp) throw new ICalendarError('no_dtstart', `the VEVENT ${uid} has no DTSTART`, uid, 'DTSTART');
  const start = propertyTime(dtstartProp, ctx);
  const end = endOf(vevent, start, ctx);
  const recurrenceIdProp = vevent.getFirstProperty('recurrence-id');
  const originalTime = recurrenceIdProp ? originalTimeOf(propertyTime(recurrenceIdProp, ctx)) : undefined;
  const recurrence = recurrenceOf(vevent, uid, originalTime !== undefined);
  if (vevent.getFirstProperty('rdate')) throw new ICalendarError('invalid_property', `the VEVENT ${uid} has RDATE, which larkcal series cannot hold (RRULE and EXDATE only)`, uid, 'RDATE');
  const exdates = propertyTimes(vevent.getAllProperties('exdate'), ctx).map(originalTimeOf);
  const event: DecodedEvent = {
    input: {
      uid,
      summary: textOf(vevent, 'summary') ?? '',
      description: textOf(vevent, 'description') ?? '',
      start: timeInput(start),
      end: endInput(start, end),
      recurrence,
      visibility: visibilityOf(textOf(vevent, 'class')),
      freeBusyStatus: freeBusyOf(textOf(vevent, 'transp')),
      reminders: decodeReminders(vevent, start, end, uid),
      ...feishuFields(vevent, uid),
    },
    status: statusOf(textOf(vevent, 'status')),
    organizer: decodeAddress(vevent.getFirstProperty('organizer')),
    attendees: vevent.getAllProperties('attendee').map(decodeAttendee),
    sequence: Number(textOf(vevent, 'sequence') ?? 0) || 0,
    ...lastModifiedOf(vevent),
  };
  const location = locationOf(vevent, uid);
  if (location) event.input.location = location;
  return { uid, ...(originalTime !== undefined && { originalTime }), exdates, event };
}

/** DTEND, else DTSTART + DURATION, else (§3.6.1) one day for a date and the start itself for a date-time. */
function endOf(vevent: ICAL.Component, start: IcsTime, ctx: TimeContext): IcsTime {
  const dtend = vevent.getFirstProperty('dtend');
  if (dtend) return propertyTime(dtend, ctx);
  const duration = vevent.getFirstProperty('duration');
  if (duration) {
    const value = duration.getFirstValue();
    if (!(value instanceof ICAL.Duration)) throw new ICalendarError('invalid_property', 'DURATION is not a duration', ctx.uid, 'DURATION');
    const seconds = value.toSeconds();
    if (start.kind === 'date') return { kind: 'date', date: addDays(start.date, Math.round(seconds / 86400)) };
    return { ...start, ts: start.ts + seconds };
  }
  return start.kind === 'date' ? { kind: 'date', date: addDays(start.date, 1) } : start;
}

function timeInput(time: IcsTime): TimeInfoInput {
  return time.kind === 'date' ? { date: time.date } : { timestamp: String(time.ts), timezone: time.tz };
}

/** The core takes an all-day end as the last day (inclusive); DTEND;VALUE=DATE is the day after (§3.6.1). */
function endInput(start: IcsTime, end: IcsTime): TimeInfoInput {
  if (end.kind === 'date') return { date: start.kind === 'date' && end.date <= start.date ? start.date : addDays(end.date, -1) };
  if (end.kind === 'timed' && start.kind === 'timed') return { timestamp: String(end.ts), timezone: start.tz };
  return timeInput(end);
}

/** RRULE as the core stores it: larkcal's own text when RRULE still says the same, else RRULE's; refused as the core refuses it. */
function recurrenceOf(vevent: ICAL.Component, uid: string, isOverride: boolean): string {
  const rules = vevent.getAllProperties('rrule');
  if (rules.length === 0) return '';
  if (isOverride) throw new ICalendarError('invalid_property', `the override of ${uid} has an RRULE`, uid, 'RRULE');
  if (rules.length > 1) throw new ICalendarError('invalid_rrule', `the VEVENT ${uid} has several RRULEs; larkcal keeps one`, uid, 'RRULE');
  const written = (rules[0]!.getFirstValue() as ICAL.Recur).toString();
  const ours = textOf(vevent, X.rrule.toLowerCase());
  const text = ours !== undefined && sameRule(ours, written) ? ours : written;
  try {
    return parseRecurrence(text).text;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reason = error.violations[0]?.description ?? 'recurrence is not valid';
    throw new ICalendarError('invalid_rrule', `the RRULE of ${uid} is refused: ${reason}`, uid, 'RRULE');
  }
}

function sameRule(ours: string, written: string): boolean {
  try {
    return ICAL.Recur.fromString(ours.replace(/^RRULE:/i, '')).toString() === written;
  } catch {
    return false;
  }
}

function lastModifiedOf(vevent: ICAL.Component): { lastModified?: number } {
  const prop = vevent.getFirstProperty('last-modified') ?? vevent.getFirstProperty('dtstamp');
  const raw = prop?.jCal[3];
  if (typeof raw !== 'string' || !raw.endsWith('Z')) return {};
  const ms = Date.parse(raw);
  return Number.isFinite(ms) ? { lastModified: Math.floor(ms / 1000) } : {};
}

/** LOCATION wins when a client changed it; otherwise X-LARKCAL-LOCATION gives back the exact location. */
function locationOf(vevent: ICAL.Component, uid: string): Location | undefined {
  const shown = textOf(vevent, 'location');
  const exact = jsonOf(vevent, X.location.toLowerCase(), uid, isObject) as Location | undefined;
  if (exact && (exact.name || exact.address || '') === (shown ?? '')) return exact;
  const geo = vevent.getFirstPropertyValue('geo') as unknown;
  const [latitude, longitude] = Array.isArray(geo) ? geo.map(Number) : [];
  const coordinates = Number.isFinite(latitude) && Number.isFinite(longitude) ? { latitude: latitude!, longitude: longitude! } : {};
  if (!shown && !('latitude' in coordinates)) return undefined;
  return { ...(shown && { name: shown }), ...coordinates };
}

const isAbility = (v: string): v is AttendeeAbility => (ATTENDEE_ABILITIES as readonly string[]).includes(v);
const isAttachments = (v: unknown): v is Attachment[] =>
  isObjectArray(v) && v.every((a) => typeof a.fileToken === 'string' && typeof a.size === 'number' && typeof a.name === 'string');
const isCheckIn = (v: unknown): v is CheckIn => isObject(v) && typeof v.enabled === 'boolean';

/** What only Feishu has, from larkcal's X- properties: set only when present. */
function feishuFields(vevent: ICAL.Component, uid: string): Partial<DecodedEvent['input']> {
  const out: Partial<DecodedEvent['input']> = {};
  const color = textOf(vevent, X.color.toLowerCase());
  if (color !== undefined) {
    if (!/^-?\d{1,10}$/.test(color)) throw new ICalendarError('invalid_property', `${X.color} must be an integer`, uid, X.color);
    out.color = Number(color);
  }
  const ability = textOf(vevent, X.attendeeAbility.toLowerCase());
  if (ability !== undefined) {
    if (!isAbility(ability)) throw new ICalendarError('invalid_property', `${X.attendeeAbility} must be one of ${ATTENDEE_ABILITIES.join(', ')}`, uid, X.attendeeAbility);
    out.attendeeAbility = ability;
  }
  const rich = textOf(vevent, X.descriptionRich.toLowerCase());
  if (rich !== undefined) out.descriptionRich = rich;
  const video = jsonOf(vevent, X.videoMeeting.toLowerCase(), uid, isObject);
  if (video) out.videoMeeting = video as VideoMeeting;
  const schemas = jsonOf(vevent, X.schemas.toLowerCase(), uid, isObjectArray);
  if (schemas) out.schemas = schemas;
  const attachments = jsonOf(vevent, X.attachments.toLowerCase(), uid, isAttachments);
  if (attachments) out.attachments = attachments.map((a): AttachmentEdit => ({ fileToken: a.fileToken, remove: false, file: { size: a.size, name: a.name } }));
  const checkIn = jsonOf(vevent, X.checkIn.toLowerCase(), uid, isCheckIn);
  if (checkIn) out.checkIn = checkIn;
  const source = textOf(vevent, X.source.toLowerCase());
  if (source !== undefined) out.source = source;
  return out;
}
