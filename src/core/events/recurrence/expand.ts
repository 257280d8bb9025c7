/**
 * Expanding a series into occurrences. ical.js iterates the RRULE over floating
 * wall-clock times; zones.ts turns each into UTC in the event's zone, so a
 * 09:00 meeting stays at 09:00 across DST changes. Occurrences last as long as
 * the first one (RFC 5545 §3.8.5.3: exact duration for timed events, days for
 * all-day ones).
 */
import ICAL from 'ical.js';
import { addDays, dateToUtcSeconds, type EventTime } from '../time.js';
import { invalid, type DomainError } from '../../errors.js';
import { Lru } from '../../lru.js';
import { MeterSpent, MeteredIterator } from './metered.js';
import { rebasedStart } from './rebase.js';
import type { ParsedRule } from './rrule.js';
import { localDateText, localToUtc, utcToLocal, type LocalDateTime } from './zones.js';

export interface Series {
  start: EventTime;
  end: EventTime;
  rule: ParsedRule;
}

export interface Occurrence {
  /** The occurrence's start before any edit: the suffix of its instance id. */
  originalTime: number;
  start: EventTime;
  end: EventTime;
  /** UTC seconds, all-day dates read as UTC midnight. */
  startTs: number;
  endTs: number;
}

export interface ExpandOptions {
  /**
   * Refuse (190002/190014 naming this field) a rule that stops finding
   * occurrences (the meter's `gap`) or that ical.js fails on from this start:
   * for rules a client is sending now. Without it, as for stored rules on
   * reads, the series simply ends there. A spent `total` budget always just
   * ends the expansion: the answer is bounded, not refused.
   */
  field?: string;
  /** Set when a budget ended the expansion before the rule did. */
  outcome?: { truncated: boolean };
}

function floatingTime(t: LocalDateTime, isDate: boolean): ICAL.Time {
  return ICAL.Time.fromData({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second, isDate });
}

function localOf(time: ICAL.Time): LocalDateTime {
  return { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
}

function passedUntil(series: Series, startTs: number, localDate: string): boolean {
  const until = series.rule.until;
  if (!until) return false;
  return until.kind === 'utc' ? startTs > until.seconds : localDate > until.date;
}

/** Occurrences in start order, from the first one that may end after `from`; bounded in work (metered.ts). */
export function* occurrences(series: Series, from?: number, options: ExpandOptions = {}): Generator<Occurrence> {
  const { next, toOccurrence } = expansion(series, from, options);
  for (let found = next(); found; found = next()) {
    const occurrence = toOccurrence(found);
    if (passedUntil(series, occurrence.startTs, occurrence.start.kind === 'date' ? occurrence.start.date : localDateText(localOf(found)))) return;
    yield occurrence;
  }
}

/**
 * The last occurrence of a COUNT series when it has at most `limit`, else (or
 * when a budget ran out) undefined. Only the last is turned into UTC: for a
 * sparse rule the zone conversion costs more than ical.js's iteration.
 */
export function lastCounted(series: Series, limit: number, options: ExpandOptions = {}): Occurrence | undefined {
  const outcome = { truncated: false };
  const { next, toOccurrence } = expansion(series, undefined, { ...options, outcome });
  let last: ICAL.Time | null = null;
  let n = 0;
  for (let found = next(); found; found = next()) {
    if (++n > limit) return undefined;
    last = found;
  }
  return last && !outcome.truncated ? toOccurrence(last) : undefined;
}

function expansion(series: Series, from: number | undefined, options: ExpandOptions) {
  const allDay = series.start.kind === 'date';
  const zone = series.start.kind === 'timed' ? series.start.tz : 'UTC';
  const dtstart: LocalDateTime = series.start.kind === 'timed'
    ? utcToLocal(series.start.ts, zone)
    : { ...dateParts(series.start.date), hour: 0, minute: 0, second: 0 };
  const durationSeconds = endSeconds(series.end) - startSeconds(series.start);
  const durationDays = allDay ? Math.round(durationSeconds / 86400) : 0;
  const next = meteredNext(series.rule, floatingTime(rebasedStart(series.rule, dtstart, from, durationSeconds), allDay), options);
  const toOccurrence = (found: ICAL.Time): Occurrence => {
    const local = localOf(found);
    if (allDay) {
      const date = localDateText(local);
      const startTs = dateToUtcSeconds(date);
      const endDate = addDays(date, durationDays);
      return { originalTime: startTs, start: { kind: 'date', date }, end: { kind: 'date', date: endDate }, startTs, endTs: dateToUtcSeconds(endDate) };
    }
    const startTs = localToUtc(local, zone);
    const endTs = startTs + durationSeconds;
    return { originalTime: startTs, start: { kind: 'timed', ts: startTs, tz: zone }, end: { kind: 'timed', ts: endTs, tz: zone }, startTs, endTs };
  };
  return { next, toOccurrence };
}

/** `next()` of a metered iterator: null once the rule ends or a budget is spent; throws only as ExpandOptions says. */
function meteredNext(rule: ParsedRule, start: ICAL.Time, { field, outcome }: ExpandOptions): () => ICAL.Time | null {
  let iterator: MeteredIterator | undefined;
  return () => {
    try {
      iterator ??= new MeteredIterator(rule.recur, start);
      return iterator.next();
    } catch (error) {
      const runaway = !(error instanceof MeterSpent) || error.reason === 'gap';
      if (field !== undefined && runaway) throw refusal(field, rule, error);
      if (outcome) outcome.truncated = true;
      return null;
    }
  };
}

function refusal(field: string, rule: ParsedRule, error: unknown): DomainError {
  const reason = error instanceof MeterSpent
    ? 'from this start the rule finds no next occurrence within a bounded search; check its BYxxx parts against the start'
    : `recurrence cannot be expanded from this start: ${(error as Error).message}`;
  return invalid(field, reason, rule.text);
}

/** Occurrences overlapping [from, to) found by iterating: start before `to`, end after `from`. */
function expandBetween(series: Series, from: number, to: number, limit: number, outcome?: { truncated: boolean }): Occurrence[] {
  const out: Occurrence[] = [];
  for (const occurrence of occurrences(series, from, { ...(outcome && { outcome }) })) {
    if (occurrence.startTs >= to) break;
    if (overlapsWindow(occurrence, from, to)) out.push(occurrence);
    if (out.length >= limit) break;
  }
  return out;
}

function overlapsWindow(o: Occurrence, from: number, to: number): boolean {
  return o.startTs < to && (o.endTs > from || (o.endTs === o.startTs && o.startTs >= from));
}

/**
 * Expansions are memoised per series and week: agenda reads ask for the same
 * weeks of the same series again and again, and iterating costs microseconds
 * per occurrence. A series is keyed by its rule and times, so an edit is a new
 * key. Cached occurrences are shared: callers never change them.
 */
const WEEK = 7 * 86400;
/** Bounded in entries and in the occurrences they hold together (about 200 bytes each): some 20 MB at most. */
const weeks = new Lru<string, Occurrence[]>(20_000, { max: 100_000, weigh: (list) => list.length + 1 });
const MEMO_WINDOW_LIMIT = 120 * 86400;

/**
 * The weeks first..last of a series, from the memo where it has them; the
 * missing ones come from one metered expansion over their span, so a read
 * costs at most one meter however many weeks it asks.
 */
function weeksOf(series: Series, key: string, first: number, last: number): Occurrence[][] {
  const found: Array<Occurrence[] | undefined> = [];
  for (let index = first; index <= last; index++) found.push(weeks.get(`${key}|${index}`));
  const missing = found.flatMap((list, i) => (list ? [] : [first + i]));
  if (missing.length === 0) return found as Occurrence[][];
  const from = missing[0]!;
  const to = missing[missing.length - 1]!;
  const outcome = { truncated: false };
  const filled: Occurrence[][] = Array.from({ length: to - from + 1 }, () => []);
  for (const o of expandBetween(series, from * WEEK, (to + 1) * WEEK, Infinity, outcome)) {
    for (let index = Math.max(from, Math.floor(o.startTs / WEEK)); index <= to && overlapsWindow(o, index * WEEK, (index + 1) * WEEK); index++) {
      filled[index - from]!.push(o);
    }
  }
  for (const index of missing) {
    found[index - first] = filled[index - from]!;
    // A span a budget cut short is answered as far as it got, and not remembered: a read starting later gets further.
    if (!outcome.truncated) weeks.set(`${key}|${index}`, filled[index - from]!);
  }
  return found as Occurrence[][];
}

/** The memo's size and bound, for tests. */
export function weekMemo(): { size: number; max: number; occurrences: number } {
  return { size: weeks.size, max: weeks.maxEntries, occurrences: weeks.weighed };
}

/** Occurrences overlapping [from, to), in start order, at most `limit`. */
export function occurrencesBetween(series: Series, from: number, to: number, limit = Infinity): Occurrence[] {
  // Long windows (instances over two years) iterate once instead of week by week.
  if (to - from > MEMO_WINDOW_LIMIT) return expandBetween(series, from, to, limit);
  const key = `${series.rule.text}|${JSON.stringify(series.start)}|${JSON.stringify(series.end)}`;
  const seen = new Set<number>();
  const out: Occurrence[] = [];
  for (const list of weeksOf(series, key, Math.floor(from / WEEK), Math.ceil(to / WEEK) - 1)) {
    for (const o of list) {
      if (seen.has(o.originalTime) || !overlapsWindow(o, from, to)) continue;
      seen.add(o.originalTime);
      out.push(o);
    }
  }
  out.sort((a, b) => a.startTs - b.startTs);
  return out.length > limit ? out.slice(0, limit) : out;
}

function dateParts(date: string) {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

function startSeconds(t: EventTime): number {
  return t.kind === 'timed' ? t.ts : dateToUtcSeconds(t.date);
}

function endSeconds(t: EventTime): number {
  return t.kind === 'timed' ? t.ts : dateToUtcSeconds(t.date);
}

