/**
 * Turning a create/patch body into event content, with every rule of
 * events.md §2.3–§2.4 and §7: a bad value is 190002 naming the field.
 */
import { invalid } from '../errors.js';
import { DEFAULT_TIMEZONE, MAX_TIMESTAMP, addDays, instantOf, isValidDate, type EventTime } from './time.js';
import { parseRecurrence, type ParsedRule } from './recurrence/rrule.js';
import { isTimeZone } from './recurrence/zones.js';
import {
  MAX_UID_LENGTH, OPEN_END, type Attachment, type AttendeeAbility, type CheckIn, type EventContent, type FreeBusyStatus, type Json, type Location,
  type Reminder, type VideoMeeting, type Visibility,
} from './model.js';
import { seriesFacts } from './recurrence/stored.js';

export interface TimeInfoInput {
  date?: string;
  timestamp?: string;
  timezone?: string;
}

/**
 * One entry of a create or patch's attachment list: a file to attach, or (patch) one
 * to take off. `file` is what the upload holds, once files/attachments.ts has checked it.
 */
export interface AttachmentEdit {
  fileToken: string;
  remove: boolean;
  file?: Pick<Attachment, 'size' | 'name'>;
}

/** The writable fields of §2.1 as a client sends them, in the core's terms; absent = not given. */
export interface EventInput {
  /** Create only: the client's iCalendar UID (Feishu clients send none; CalDAV clients do). */
  uid?: string;
  summary?: string;
  description?: string;
  descriptionRich?: string;
  start?: TimeInfoInput;
  end?: TimeInfoInput;
  recurrence?: string;
  visibility?: Visibility;
  attendeeAbility?: AttendeeAbility;
  freeBusyStatus?: FreeBusyStatus;
  color?: number;
  reminders?: Reminder[];
  location?: Location;
  videoMeeting?: VideoMeeting;
  schemas?: Json[];
  attachments?: AttachmentEdit[];
  checkIn?: CheckIn;
  source?: string;
}

function parseTime(info: TimeInfoInput, field: string): EventTime {
  const hasDate = info.date !== undefined && info.date !== '';
  const hasTimestamp = info.timestamp !== undefined && info.timestamp !== '';
  if (hasDate === hasTimestamp) throw invalid(field, 'exactly one of date and timestamp is required');
  if (hasDate) {
    if (!isValidDate(info.date!)) throw invalid(`${field}.date`, 'date must be YYYY-MM-DD', info.date);
    return { kind: 'date', date: info.date! };
  }
  const ts = Number(info.timestamp);
  if (!/^\d{1,11}$/.test(info.timestamp!) || ts < 1 || ts > MAX_TIMESTAMP) {
    throw invalid(`${field}.timestamp`, `timestamp must be Unix seconds from 1 to ${MAX_TIMESTAMP}`, info.timestamp);
  }
  const tz = info.timezone === undefined || info.timezone === '' ? DEFAULT_TIMEZONE : info.timezone;
  if (!isTimeZone(tz)) throw invalid(`${field}.timezone`, 'timezone must be an IANA time zone', tz);
  return { kind: 'timed', ts, tz };
}

/**
 * Start and end together: both timed or both all-day, end after start. All-day
 * input names the last day (inclusive); it is stored exclusive.
 */
export function parseSpan(start: TimeInfoInput, end: TimeInfoInput): { start: EventTime; end: EventTime } {
  const s = parseTime(start, 'start_time');
  const e = parseTime(end, 'end_time');
  if (s.kind !== e.kind) throw invalid('end_time', 'start_time and end_time must both be dates or both be timestamps');
  if (s.kind === 'date' && e.kind === 'date') {
    if (e.date < s.date) throw invalid('end_time.date', 'end_time must not be before start_time', e.date);
    return { start: s, end: { kind: 'date', date: addDays(e.date, 1) } };
  }
  if (instantOf(e) <= instantOf(s)) throw invalid('end_time.timestamp', 'end_time must be after start_time', end.timestamp);
  // The end's zone follows the start's: one event, one zone for its expansion.
  return { start: s, end: { ...(e as Extract<EventTime, { kind: 'timed' }>), tz: (s as Extract<EventTime, { kind: 'timed' }>).tz } };
}

export function checkReminders(reminders: Reminder[]): Reminder[] {
  reminders.forEach((r, i) => {
    if (!Number.isInteger(r.minutes) || r.minutes < -20160 || r.minutes > 20160) {
      throw invalid(`reminders[${i}].minutes`, 'minutes must be an integer from -20160 to 20160', r.minutes);
    }
  });
  return reminders.map((r) => ({ minutes: r.minutes }));
}

/**
 * A new event's uid: the client's as sent, whatever its form (RFC 5545 §3.8.4.7
 * asks only for a unique text), up to MAX_UID_LENGTH characters; else the series id.
 */
export function uidFor(input: Pick<EventInput, 'uid'>, seriesId: string): string {
  if (input.uid === undefined) return seriesId;
  const length = [...input.uid].length;
  if (length === 0 || length > MAX_UID_LENGTH) throw invalid('uid', `uid must be 1 to ${MAX_UID_LENGTH} characters`, input.uid);
  return input.uid;
}

/** Content of a new event from a create body (start and end are required there). */
export function contentForCreate(input: EventInput): EventContent {
  if (!input.start) throw invalid('start_time', 'start_time is required');
  if (!input.end) throw invalid('end_time', 'end_time is required');
  const span = parseSpan(input.start, input.end);
  const recurrence = input.recurrence ? parseRecurrence(input.recurrence).text : '';
  const description = input.description ?? (input.descriptionRich ? plainText(input.descriptionRich) : '');
  return {
    summary: input.summary ?? '',
    description,
    descriptionRich: input.descriptionRich ?? '',
    ...span,
    recurrence,
    visibility: input.visibility ?? 'default',
    attendeeAbility: input.attendeeAbility ?? 'none',
    freeBusyStatus: input.freeBusyStatus ?? 'busy',
    color: input.color ?? -1,
    reminders: checkReminders(input.reminders ?? []),
    location: input.location ?? null,
    videoMeeting: input.videoMeeting ?? null,
    schemas: input.schemas ?? [],
    attachments: mergeAttachments([], input.attachments ?? []),
    checkIn: input.checkIn ?? null,
    source: input.source ?? '',
  };
}

/** Content after a patch: absent fields unchanged; times only when both ends are sent (events.md §3.5). */
export function contentForPatch(current: EventContent, input: EventInput): EventContent {
  const span = input.start && input.end ? parseSpan(input.start, input.end) : { start: current.start, end: current.end };
  const recurrence = input.recurrence === undefined ? current.recurrence : input.recurrence === '' ? '' : parseRecurrence(input.recurrence).text;
  const description = input.description ?? (input.descriptionRich !== undefined ? plainText(input.descriptionRich) : current.description);
  return {
    ...current,
    ...span,
    recurrence,
    summary: input.summary ?? current.summary,
    description,
    descriptionRich: input.descriptionRich ?? current.descriptionRich,
    visibility: input.visibility ?? current.visibility,
    attendeeAbility: input.attendeeAbility ?? current.attendeeAbility,
    freeBusyStatus: input.freeBusyStatus ?? current.freeBusyStatus,
    color: input.color ?? current.color,
    reminders: input.reminders ? checkReminders(input.reminders) : current.reminders,
    location: input.location ?? current.location,
    videoMeeting: input.videoMeeting ?? current.videoMeeting,
    schemas: input.schemas ?? current.schemas,
    attachments: input.attachments ? mergeAttachments(current.attachments, input.attachments) : current.attachments,
    checkIn: input.checkIn ?? current.checkIn,
    source: input.source ?? current.source,
  };
}

/**
 * Patch attachments merge by file token; a removal takes one off (events.md §2.9, recommended).
 * An attached file keeps its place in the list; its size and name are the checked upload's.
 */
export function mergeAttachments(current: readonly Attachment[], edits: readonly AttachmentEdit[]): Attachment[] {
  const byToken = new Map(current.map((a) => [a.fileToken, a]));
  for (const edit of edits) {
    if (edit.remove) {
      byToken.delete(edit.fileToken);
      continue;
    }
    const kept = byToken.get(edit.fileToken);
    byToken.set(edit.fileToken, { fileToken: edit.fileToken, size: edit.file?.size ?? kept?.size ?? 0, name: edit.file?.name ?? kept?.name ?? '' });
  }
  return [...byToken.values()];
}

/** A plain-text rendering of a rich description: markup stripped, text kept. */
export function plainText(rich: string): string {
  return rich
    .replace(/<[^>]*>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/[*_~`>]+/g, '')
    .trim();
}

/** The derived span of an event for range queries: open-ended series reach OPEN_END. */
export function spanOf(content: Pick<EventContent, 'start' | 'end' | 'recurrence'>): { firstStart: number; lastEnd: number; rule?: ParsedRule } {
  const firstStart = instantOf(content.start);
  if (!content.recurrence) return { firstStart, lastEnd: instantOf(content.end) };
  const rule = parseRecurrence(content.recurrence);
  return { firstStart, lastEnd: seriesFacts({ start: content.start, end: content.end, rule }).lastEnd ?? OPEN_END, rule };
}
