/**
 * A series' occurrences written down when the series is saved, a derived
 * query column like `first_start` and `last_end` (sabre/dav keeps
 * `firstoccurence` and `lastoccurence` for the same reason). Free/busy,
 * suggestions and room finding read many series per request; iterating each
 * RRULE with ical.js costs tens of microseconds per series and window, reading
 * a list of start times costs next to nothing.
 *
 * The text is `c:` (complete: every occurrence is listed) or `p:` (the first
 * STORED_LIMIT, within STORED_YEARS, only: reads past the last one iterate the rule as before),
 * then the first original time and the gaps between the following ones, in
 * seconds: `c:1776220200,604800,604800`.
 */
import { addDays, dateToUtcSeconds, type EventTime } from '../time.js';
import type { CalendarEvent } from '../model.js';
import { lastCounted, occurrences, type Occurrence, type Series } from './expand.js';
import { Lru } from '../../lru.js';
import { storedRecurrence } from './rrule.js';

/** At most this many occurrences are written: a daily series for almost three years. */
export const STORED_LIMIT = 1000;
/** Nor any past this many years from the start: writing a sparse rule's thousand would walk centuries. */
export const STORED_YEARS = 10;

export interface StoredExpansion {
  /** Original times (UTC seconds; all-day dates as UTC midnight), ascending. */
  originalTimes: number[];
  /** Whether the list holds every occurrence of the series. */
  complete: boolean;
}

/** The text to store for a series (lenient: a budget or a runaway rule just ends the list, marked partial). */
export function writeExpansion(series: Series): string {
  return walk(series, {}).expansion;
}

export interface SeriesFacts {
  /** The end of the last occurrence; undefined when the series never ends, or is too long or costly to count. */
  lastEnd: number | undefined;
  /** writeExpansion's text. */
  expansion: string;
}

/** Occurrences counted for `lastEnd` at most: past this a COUNT series is treated as open-ended (the prefilter's widest answer). */
const COUNTED_LIMIT = 20_000;

/**
 * The derived columns of a series being written, in one metered pass:
 * refuses (190002 naming `field`) a rule that, from this start, stops finding
 * occurrences or that ical.js cannot iterate, so that no stored rule hangs a
 * later read (issue #16 §1).
 */
export function seriesFacts(series: Series, field = 'recurrence', strict = true): SeriesFacts {
  const key = `${series.rule.text}|${JSON.stringify(series.start)}|${JSON.stringify(series.end)}`;
  // A lenient answer (rewriting a stored series' columns) is kept apart: a strict check must never find it.
  const found = written.get(key) ?? (strict ? undefined : written.get(`lenient|${key}`));
  if (found) return found;
  const facts = walk(series, strict ? { field } : {});
  const complete = { ...facts, lastEnd: facts.lastEnd ?? (series.rule.until ? untilEnd(series) : undefined) };
  written.set(strict ? key : `lenient|${key}`, complete);
  return complete;
}

function walk(series: Series, options: { field?: string }): SeriesFacts {
  const outcome = { truncated: false };
  const times: number[] = [];
  const horizon = instant(series.start) + STORED_YEARS * 366 * 86400;
  let listFull = false;
  let last: number | undefined;
  for (const o of occurrences(series, undefined, { ...options, outcome })) {
    if (times.length === STORED_LIMIT || o.originalTime > horizon) {
      listFull = true;
      break;
    }
    times.push(o.originalTime);
    last = o.endTs;
  }
  const complete = !listFull && !outcome.truncated;
  const gaps = times.map((t, i) => (i === 0 ? t : t - times[i - 1]!));
  const ends = series.rule.count !== undefined || series.rule.until !== undefined;
  const lastEnd = complete && ends ? last ?? instant(series.end) : listFull && series.rule.count !== undefined ? lastCounted(series, COUNTED_LIMIT)?.endTs : undefined;
  return { lastEnd, expansion: `${complete ? 'c' : 'p'}:${gaps.join(',')}` };
}

/**
 * The end of the last occurrence of an UNTIL series too long for walk's list,
 * found near UNTIL rather than by walking decades of occurrences there: the
 * expansion may start close to a window (rebase.ts). Undefined when none lies
 * in the last 400 days before UNTIL: the series then counts as open-ended.
 */
function untilEnd(series: Series): number | undefined {
  const until = series.rule.until!;
  const untilTs = until.kind === 'utc' ? until.seconds : dateToUtcSeconds(until.date) + 2 * 86400;
  if (untilTs < instant(series.start)) return instant(series.end);
  const outcome = { truncated: false };
  let last: number | undefined;
  for (const o of occurrences(series, untilTs - 400 * 86400, { outcome })) last = o.endTs;
  return outcome.truncated ? undefined : last;
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
 * for one-off events and exceptions. Kept by rule and times (the write's
 * seriesFacts has usually just put it there), since most writes to a series
 * (replies, attendees, titles) leave them alone. Lenient: the rule was checked
 * when its content was written (input.ts spanOf), maybe by older checks.
 */
const written = new Lru<string, SeriesFacts>(1000);

/** The memo's size and bound, for tests. */
export function seriesFactsMemo(): { size: number; max: number } {
  return { size: written.size, max: written.maxEntries };
}

export function expansionOf(event: Pick<CalendarEvent, 'recurrence' | 'isException' | 'start' | 'end'>): string | undefined {
  if (!event.recurrence || event.isException) return undefined;
  return seriesFacts({ start: event.start, end: event.end, rule: storedRecurrence(event.recurrence) }, 'recurrence', false).expansion;
}
