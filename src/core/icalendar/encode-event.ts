/** One VEVENT from one event row: the master of a series, an override, or a one-off event. */
import type { Attendee, CalendarEvent, Location, Reminder } from '../events/model.js';
import { contentLine, escapeText, textLine, type Params } from './content-line.js';
import { originalTimeValue, timeValue, utcValue } from './ics-time.js';
import { X, classOf, partstatOf, statusLine, transpOf } from './mappings.js';
import type { CalendarAddress, EncodableAttendee, EncodableEvent } from './types.js';

export interface VeventContext {
  organizer: CalendarAddress | null;
  /** Set on overrides: the master, whose DTSTART form RECURRENCE-ID takes. */
  master?: CalendarEvent;
  /** Set on masters: the original times of cancelled occurrences. */
  exdates?: readonly number[];
}

export function encodeVevent(item: EncodableEvent, ctx: VeventContext): string {
  const e = item.event;
  const stamp = utcValue(item.lastModified ?? e.createTime);
  let out = 'BEGIN:VEVENT\r\n';
  out += textLine('UID', e.uid);
  out += contentLine('DTSTAMP', stamp);
  out += contentLine('CREATED', utcValue(e.createTime));
  out += contentLine('LAST-MODIFIED', stamp);
  out += contentLine('SEQUENCE', String(e.version));
  if (ctx.master) out += timeLine('RECURRENCE-ID', originalTimeValue(e.originalTime, ctx.master.start));
  out += timeLine('DTSTART', timeValue(e.start));
  out += timeLine('DTEND', timeValue(e.end));
  if (e.recurrence) {
    out += contentLine('RRULE', e.recurrence);
    out += textLine(X.rrule, e.recurrence);
  }
  out += exdateLines(e, ctx.exdates ?? []);
  if (e.summary) out += textLine('SUMMARY', e.summary);
  if (e.description) out += textLine('DESCRIPTION', e.description);
  if (e.descriptionRich) out += textLine(X.descriptionRich, e.descriptionRich);
  out += locationLines(e.location);
  const cls = classOf(e.visibility);
  if (cls) out += contentLine('CLASS', cls);
  out += contentLine('TRANSP', transpOf(e.freeBusyStatus));
  out += contentLine('STATUS', statusLine(e.status));
  if (ctx.organizer) out += addressLine('ORGANIZER', ctx.organizer, [['CN', ctx.organizer.name]]);
  for (const a of item.attendees) if (!a.attendee.removed) out += attendeeLine(a);
  out += feishuLines(e);
  for (const r of e.reminders) out += alarm(r, e.summary);
  return `${out}END:VEVENT\r\n`;
}

function timeLine(name: string, time: { value: string; params: Params }): string {
  return contentLine(name, time.value, time.params);
}

function exdateLines(master: CalendarEvent, exdates: readonly number[]): string {
  if (exdates.length === 0) return '';
  const values = [...exdates].sort((a, b) => a - b).map((t) => originalTimeValue(t, master.start));
  return contentLine('EXDATE', values.map((v) => v.value).join(','), values[0]!.params);
}

/** LOCATION is what other clients show (the name, else the address); the exact location rides in X-LARKCAL-LOCATION. */
function locationLines(location: Location | null): string {
  if (!location) return '';
  let out = '';
  const shown = location.name || location.address;
  if (shown) out += textLine('LOCATION', shown);
  if (location.latitude !== undefined && location.longitude !== undefined) out += contentLine('GEO', `${location.latitude};${location.longitude}`);
  return out + textLine(X.location, JSON.stringify(location));
}

function feishuLines(e: CalendarEvent): string {
  let out = contentLine(X.color, String(e.color));
  out += textLine(X.attendeeAbility, e.attendeeAbility);
  if (e.videoMeeting) out += textLine(X.videoMeeting, JSON.stringify(e.videoMeeting));
  if (e.schemas.length > 0) out += textLine(X.schemas, JSON.stringify(e.schemas));
  if (e.attachments.length > 0) out += textLine(X.attachments, JSON.stringify(e.attachments));
  if (e.checkIn) out += textLine(X.checkIn, JSON.stringify(e.checkIn));
  if (e.source) out += textLine(X.source, e.source);
  return out;
}

function addressLine(name: string, address: CalendarAddress, params: Params, ref?: string): string {
  const uri = address.email ? `mailto:${address.email}` : `urn:x-larkcal:${encodeURIComponent(ref ?? address.name)}`;
  return contentLine(name, uri, params.filter(([, v]) => v !== ''));
}

const CUTYPES: Record<Attendee['type'], string> = { user: 'INDIVIDUAL', chat: 'GROUP', resource: 'ROOM', third_party: 'INDIVIDUAL' };

function attendeeLine({ attendee: a, email, publicId }: EncodableAttendee): string {
  const role = a.isOrganizer ? 'CHAIR' : a.isOptional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT';
  // Never userRef: it is internal (a user without a public id given falls back to the attendee id).
  const id = publicId ?? a.chatId ?? a.roomId ?? a.email ?? a.attendeeId;
  const params: Params = [
    ['CUTYPE', CUTYPES[a.type]], ['ROLE', role], ['PARTSTAT', partstatOf(a.rsvpStatus === 'removed' ? 'needs_action' : a.rsvpStatus)],
    ['CN', a.displayName], [X.attendeeType, a.type], [X.attendeeId, id],
  ];
  return addressLine('ATTENDEE', { email: email ?? a.email, name: a.displayName }, params, `${a.type}:${id}`);
}

/** A reminder is a display alarm `minutes` before the start (negative: after it). */
function alarm(reminder: Reminder, summary: string): string {
  const trigger = reminder.minutes === 0 ? 'PT0S' : `${reminder.minutes > 0 ? '-' : ''}PT${Math.abs(reminder.minutes)}M`;
  return 'BEGIN:VALARM\r\nACTION:DISPLAY\r\n'
    + contentLine('DESCRIPTION', escapeText(summary || 'Reminder'))
    + contentLine('TRIGGER', trigger)
    + 'END:VALARM\r\n';
}
