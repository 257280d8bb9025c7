/**
 * A mailbox's iCalendar documents as MailboxEvents, through the shared codec
 * (core/icalendar): each UID's master, its overrides (RECURRENCE-ID) and its
 * EXDATEs (cancelled occurrences). A document the codec refuses makes the
 * whole mailbox unreadable (the binding's `err`); a document without VEVENT is
 * an empty calendar, not an error.
 */
import { DomainError } from '../errors.js';
import { parseSpan } from '../events/input.js';
import { decodeCalendar, ICalendarError, parseCalendar, type DecodedEvent, type DecodedSeries } from '../icalendar/index.js';
import type { MailboxCalendar, MailboxEvent } from './model.js';
import { MailboxUnreadable } from './ports.js';

export function decodeMailbox(documents: readonly string[]): MailboxCalendar {
  let name: string | undefined;
  const events: MailboxEvent[] = [];
  for (const [i, text] of documents.entries()) {
    const where = documents.length > 1 ? `resource ${i + 1} of ${documents.length}: ` : '';
    name ??= calendarName(text);
    for (const series of decode(text, where)) events.push(...eventsOf(series, where));
  }
  return { name, events };
}

function decode(text: string, where: string): DecodedSeries[] {
  try {
    return decodeCalendar(text);
  } catch (error) {
    if (error instanceof ICalendarError && error.code === 'no_vevent') return [];
    if (error instanceof ICalendarError) throw new MailboxUnreadable(`${where}not iCalendar larkcal can read (${error.code}): ${error.message}`);
    throw error;
  }
}

function calendarName(text: string): string | undefined {
  try {
    const value = parseCalendar(text).getFirstPropertyValue('x-wr-calname');
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

function eventsOf(series: DecodedSeries, where: string): MailboxEvent[] {
  const out: MailboxEvent[] = [];
  if (series.master) out.push(eventOf(series.uid, 0, series.master, where));
  for (const o of series.overrides) out.push({ ...eventOf(series.uid, o.originalTime, o.event, where), recurrence: '' });
  const overridden = new Set(series.overrides.map((o) => o.originalTime));
  // An EXDATE cancels one occurrence: a cancelled exception, in larkcal's model.
  for (const originalTime of series.exdates) {
    if (overridden.has(originalTime) || !series.master) continue;
    out.push({ ...eventOf(series.uid, originalTime, series.master, where), recurrence: '', status: 'cancelled', ...occurrenceSpan(series.master, originalTime, where) });
  }
  return out;
}

function eventOf(uid: string, originalTime: number, decoded: DecodedEvent, where: string): MailboxEvent {
  const { input } = decoded;
  return {
    uid, originalTime, summary: input.summary, description: input.description, ...span(decoded, where),
    recurrence: input.recurrence, status: decoded.status, freeBusyStatus: input.freeBusyStatus, location: input.location ?? null,
  };
}

function span(decoded: DecodedEvent, where: string): Pick<MailboxEvent, 'start' | 'end'> {
  try {
    return parseSpan(decoded.input.start, decoded.input.end);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new MailboxUnreadable(`${where}event ${decoded.input.uid} has times larkcal cannot hold: ${error.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`);
  }
}

/** A cancelled occurrence keeps the master's length, moved to its original start. */
function occurrenceSpan(master: DecodedEvent, originalTime: number, where: string): Pick<MailboxEvent, 'start' | 'end'> {
  const { start, end } = span(master, where);
  if (start.kind === 'date' && end.kind === 'date') {
    const days = (Date.parse(end.date) - Date.parse(start.date)) / 86_400_000;
    const first = new Date(originalTime * 1000).toISOString().slice(0, 10);
    return { start: { kind: 'date', date: first }, end: { kind: 'date', date: new Date(Date.parse(first) + days * 86_400_000).toISOString().slice(0, 10) } };
  }
  if (start.kind === 'timed' && end.kind === 'timed') return { start: { ...start, ts: originalTime }, end: { ...end, ts: originalTime + (end.ts - start.ts) } };
  return { start, end };
}
