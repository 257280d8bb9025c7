/**
 * A series' occurrences written down when the series is saved, a derived
 * query column like `first_start` and `last_end` (sabre/dav keeps
 * `firstoccurence` and `lastoccurence` for the same reason). Free/busy,
 * suggestions and room finding read many series per request; iterating each
 * RRULE with ical.js costs tens of microseconds per series and window, reading
 * a list of start times costs next to nothing.
 *
 * The text is `c:` (complete: every occurrence is listed) or `p:` (the first
 * STORED_LIMIT only: reads past the last one iterate the rule as before),
 * then the first original time and the gaps between the following ones, in
 * seconds: `c:1776220200,604800,604800`.
 */
import { addDays, dateToUtcSeconds, type EventTime } from '../time.js';
import type { CalendarEvent } from '../model.js';
import { occurrences, type Occurrence, type Series } from './expand.js';
import { parseRecurrence } from './rrule.js';

/** At most this many occurrences are written: a daily series for almost three years. */
export const STORED_LIMIT = 1000;

export interface StoredExpansion {
  /** Original times (UTC seconds; all-day dates as UTC midnight), ascending. */
  originalTimes: number[];
  /** Whether the list holds every occurrence of the series. */
  complete: boolean;
}

export function writeExpansion(series: Series): string {
  const times: number[] = [];
  let complete = true;
  for (const o of occurrences(series)) {
    if (times.length === STORED_LIMIT) {
      complete = false;
      break;
    }
    times.push(o.originalTime);
  }
  const gaps = times.map((t, i) => (i === 0 ? t : t - times[i - 1]!));
  return `${complete ? 'c' : 'p'}:${gaps.join(',')}`;
}

export function readExpansion(text: string): StoredExpansion {
  // Digit by digit: free/busy reads one list per series per request, and split + Number cost 3× this.
  const originalTimes: number[] = [];
  let at = 0;
  let gap = 0;
  let negative = false;
  for (let i = 2; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      originalTimes.push((at += negative ? -gap : gap));
      gap = 0;
      negative = false;
    } else if (c === 45) {
      negative = true;
    } else {
      gap = gap * 10 + (c - 48);
    }
  }
  if (text.length === 2) originalTimes.length = 0;
  return { originalTimes, complete: text.startsWith('c:') };
}

/**
 * The occurrences overlapping [from, to) as `occurrencesBetween` finds them,
 * read from the stored list; undefined when the list stops before `to` (the
 * caller iterates the rule instead).
 */
export function storedOccurrencesBetween(series: Pick<Series, 'start' | 'end'>, stored: StoredExpansion, from: number, to: number, limit = Infinity): Occurrence[] | undefined {
  const times = stored.originalTimes;
  if (!stored.complete && (times.length === 0 || times[times.length - 1]! < to)) return undefined;
  const make = occurrenceMaker(series);
  const out: Occurrence[] = [];
  for (let i = firstAtOrAfter(times, from - make.durationSeconds); i < times.length && times[i]! < to && out.length < limit; i++) {
    const o = make(times[i]!);
    if (o.endTs > from || (o.endTs === o.startTs && o.startTs >= from)) out.push(o);
  }
  return out;
}

function firstAtOrAfter(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds an occurrence from its original time, as `occurrences` in expand.ts yields it. */
function occurrenceMaker(series: Pick<Series, 'start' | 'end'>): ((originalTime: number) => Occurrence) & { durationSeconds: number } {
  const durationSeconds = instant(series.end) - instant(series.start);
  const make = series.start.kind === 'timed'
    ? ((tz: string) => (startTs: number): Occurrence => ({
      originalTime: startTs, start: { kind: 'timed', ts: startTs, tz }, end: { kind: 'timed', ts: startTs + durationSeconds, tz }, startTs, endTs: startTs + durationSeconds,
    }))(series.start.tz)
    : ((days: number) => (startTs: number): Occurrence => {
      const date = new Date(startTs * 1000).toISOString().slice(0, 10);
      const endDate = addDays(date, days);
      return { originalTime: startTs, start: { kind: 'date', date }, end: { kind: 'date', date: endDate }, startTs, endTs: dateToUtcSeconds(endDate) };
    })(Math.round(durationSeconds / 86400));
  return Object.assign(make, { durationSeconds });
}

function instant(t: EventTime): number {
  return t.kind === 'timed' ? t.ts : dateToUtcSeconds(t.date);
}

/**
 * What to store for an event: the occurrence list of a series master, nothing
 * for one-off events and exceptions. Recent answers are kept by rule and times,
 * since most writes to a series (replies, attendees, titles) leave them alone.
 */
const written = new Map<string, string>();

export function expansionOf(event: Pick<CalendarEvent, 'recurrence' | 'isException' | 'start' | 'end'>): string | undefined {
  if (!event.recurrence || event.isException) return undefined;
  const key = `${event.recurrence}|${JSON.stringify(event.start)}|${JSON.stringify(event.end)}`;
  let text = written.get(key);
  if (text === undefined) {
    text = writeExpansion({ start: event.start, end: event.end, rule: parseRecurrence(event.recurrence) });
    if (written.size >= 1000) written.clear();
    written.set(key, text);
  }
  return text;
}
