/**
 * The pure matcher behind instances and instance_view (events.md §2.4, §3.8,
 * §3.9): a series' occurrences in a window, overlap semantics, with every slot
 * that an exception holds taken out. Exceptions are items of their own.
 */
import { eventIdOf } from '../ids.js';
import type { CalendarEvent } from '../model.js';
import { occurrencesBetween, type Occurrence, type Series } from '../recurrence/expand.js';
import { storedRecurrence } from '../recurrence/rrule.js';
import { storedOccurrencesBetween, type StoredExpansion } from '../recurrence/stored.js';
import { instantOf } from '../time.js';

/** One item of an expanded view: a stored event (one-off, exception) or a plain occurrence of a master. */
export interface Instance {
  event: CalendarEvent;
  occurrence?: Occurrence;
  /** The id shown: the stored one, or `{seriesId}_{originalTime}`. */
  eventId: string;
  startTs: number;
}

export function seriesOf(master: Pick<CalendarEvent, 'start' | 'end' | 'recurrence'>): Series {
  return { start: master.start, end: master.end, rule: storedRecurrence(master.recurrence) };
}

/**
 * A series' occurrences overlapping [from, to), in start order, at most
 * `limit`: read from its stored list where that reaches `to`, iterated otherwise.
 */
export function seriesOccurrences(master: CalendarEvent, from: number, to: number, limit = Infinity, expansion?: StoredExpansion): Occurrence[] {
  return (expansion && storedOccurrencesBetween(master, expansion, from, to, limit)) ?? occurrencesBetween(seriesOf(master), from, to, limit);
}

/** [start, end) overlaps [from, to); a zero-length item counts at its instant (as occurrencesBetween). */
export function overlaps(start: number, end: number, from: number, to: number): boolean {
  return start < to && (end > from || (end === start && start >= from));
}

export function isSeriesMaster(event: Pick<CalendarEvent, 'recurrence' | 'isException'>): boolean {
  return event.recurrence !== '' && !event.isException;
}

/** A one-off event or exception, by its own times. */
export function storedOverlaps(event: CalendarEvent, from: number, to: number): boolean {
  return overlaps(instantOf(event.start), instantOf(event.end), from, to);
}

/** Whether any occurrence of the series (before exceptions) overlaps the window. */
export function seriesOverlaps(master: CalendarEvent, from: number, to: number): boolean {
  return occurrencesBetween(seriesOf(master), from, to, 1).length > 0;
}

/**
 * The plain occurrences of a master overlapping [from, to), without the slots
 * in `taken` (original times of its exceptions), at most `limit`, in start order.
 */
export function plainOccurrences(master: CalendarEvent, taken: ReadonlySet<number>, from: number, to: number, limit: number, expansion?: StoredExpansion): Instance[] {
  if (limit <= 0) return [];
  // Each taken slot can hide at most one occurrence, so this many always leave `limit` behind.
  const found = seriesOccurrences(master, from, to, limit + taken.size, expansion);
  const out: Instance[] = [];
  for (const occurrence of found) {
    if (taken.has(occurrence.originalTime)) continue;
    out.push({ event: master, occurrence, eventId: eventIdOf(master.seriesId, occurrence.originalTime), startTs: occurrence.startTs });
    if (out.length >= limit) break;
  }
  return out;
}

export function storedInstance(event: CalendarEvent): Instance {
  return { event, eventId: event.eventId, startTs: instantOf(event.start) };
}

/**
 * One series in a window: plain occurrences plus the exceptions (live or
 * cancelled) whose own times overlap the window, sorted by start; at most `limit`.
 */
export function seriesInstances(master: CalendarEvent, exceptions: readonly CalendarEvent[], from: number, to: number, limit: number): Instance[] {
  const taken = new Set(exceptions.map((e) => e.originalTime));
  const own = exceptions.filter((e) => storedOverlaps(e, from, to)).map(storedInstance);
  return [...plainOccurrences(master, taken, from, to, limit), ...own].sort(byStart).slice(0, limit);
}

export function byStart(a: Instance, b: Instance): number {
  return a.startTs - b.startTs || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
