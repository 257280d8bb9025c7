/**
 * Working hours as UTC spans, for suggestions: each worked weekday's
 * `[start, end]` wall-clock pair read in the hours' own zone (zones.ts gives
 * DST gaps and overlaps their RFC 5545 reading), `24:00` as the next midnight.
 * Consecutive spans that touch join, so a night shift over midnight is one span.
 */
import { addDays, dateToUtcSeconds, utcSecondsToDate } from '../events/time.js';
import { localToUtc, utcToLocal } from '../events/recurrence/zones.js';
import { WEEKDAYS, type WorkingHours } from '../tenancy/model.js';
import { mergeIntervals, type Interval } from './suggestion.js';

const DAY = 86400;
const HH_MM = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight of `HH:MM` (00:00–24:00), or undefined when malformed. */
function minutesOf(text: string): number | undefined {
  const m = HH_MM.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && minutes <= 24 * 60 ? minutes : undefined;
}

function instant(date: string, minutes: number, zone: string): number {
  const day = minutes === 24 * 60 ? addDays(date, 1) : date;
  const [year, month, d] = day.split('-').map(Number) as [number, number, number];
  const m = minutes % (24 * 60);
  return localToUtc({ year, month, day: d, hour: Math.floor(m / 60), minute: m % 60, second: 0 }, zone);
}

/** The working spans meeting [from, to), sorted and disjoint. A malformed or empty day is not worked. */
export function workingIntervals(hours: WorkingHours, from: number, to: number): Interval[] {
  const zone = hours.timezone;
  const first = utcToLocal(from - DAY, zone);
  const last = utcSecondsToDate(dateToUtcSeconds(utcSecondsToDate(to)) + 2 * DAY);
  const spans: Interval[] = [];
  for (let date = `${String(first.year).padStart(4, '0')}-${String(first.month).padStart(2, '0')}-${String(first.day).padStart(2, '0')}`; date <= last; date = addDays(date, 1)) {
    // 1970-01-05 was a Monday.
    const weekday = WEEKDAYS[(((dateToUtcSeconds(date) / DAY - 4) % 7) + 7) % 7]!;
    const pair = hours.days[weekday];
    if (!pair) continue;
    const start = minutesOf(pair[0]);
    const end = minutesOf(pair[1]);
    if (start === undefined || end === undefined || end <= start) continue;
    const span = { start: instant(date, start, zone), end: instant(date, end, zone) };
    if (!(span.end > span.start && span.end > from && span.start < to)) continue;
    // A span that is not as long as its hours crosses a clock change: on a fall-back day
    // the instants between its ends include a second pass through earlier wall times.
    if (span.end - span.start === (end - start) * 60) spans.push(span);
    else spans.push(...wallClockRuns(span, date, start, end, zone));
  }
  return mergeIntervals(spans);
}

/** The parts of `span` whose wall-clock time on `date` lies in [start, end) minutes, found minute by minute. */
function wallClockRuns(span: Interval, date: string, start: number, end: number, zone: string): Interval[] {
  const runs: Interval[] = [];
  let runStart: number | undefined;
  for (let t = span.start; t < span.end; t += 60) {
    const local = utcToLocal(t, zone);
    const sameDay = `${String(local.year).padStart(4, '0')}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}` === date;
    const minutes = local.hour * 60 + local.minute;
    const inside = sameDay && minutes >= start && minutes < end;
    if (inside && runStart === undefined) runStart = t;
    if (!inside && runStart !== undefined) {
      runs.push({ start: runStart, end: t });
      runStart = undefined;
    }
  }
  if (runStart !== undefined) runs.push({ start: runStart, end: span.end });
  return runs;
}
