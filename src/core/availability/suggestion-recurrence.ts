/**
 * The occurrences of a recurring meeting (`event_rrule`, calendars.md §5.5)
 * whose first occurrence would be a given slot, read in the request's zone so
 * that a 10:00 meeting stays at 10:00 across DST (RFC 5545 §3.3.10).
 *
 * Only rules repeating by day or longer, without BYHOUR/BYMINUTE/BYSECOND/
 * BYSETPOS, are taken: then every occurrence keeps the slot's wall-clock time
 * and the rule only picks dates, so one expansion per local date serves every
 * slot of that date. COUNT is refused, as the official CLI documents ("use
 * UNTIL"). A slot whose date the rule's BYDAY/BYMONTHDAY/BYMONTH would not
 * pick starts no series (RFC 5545 would make such a DTSTART an extra, odd
 * first occurrence).
 */
import { invalid, DomainError } from '../errors.js';
import { occurrences } from '../events/recurrence/expand.js';
import { parseRecurrence, type ParsedRule } from '../events/recurrence/rrule.js';
import { localToUtc, utcToLocal, type LocalDateTime } from '../events/recurrence/zones.js';
import { addDays, dateToUtcSeconds } from '../events/time.js';
import type { Interval } from './suggestion.js';

/** Occurrences weighed per slot: the first 20, within 90 days of the slot. */
export const MAX_OCCURRENCES = 20;
export const RECURRENCE_HORIZON = 90 * 86400;

const DAILY_OR_LONGER = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const TIME_PARTS = ['BYHOUR', 'BYMINUTE', 'BYSECOND', 'BYSETPOS'] as const;
const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Parses and checks `event_rrule`; every failure is 190014 on that field. */
export function meetingRule(text: string): ParsedRule {
  let rule: ParsedRule;
  try {
    rule = parseRecurrence(text, 'event_rrule');
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError('invalid', error.violations);
    throw error;
  }
  const fail = (description: string) => invalid('event_rrule', description, text);
  if (rule.count !== undefined) throw fail('COUNT is not supported; bound the series with UNTIL');
  if (!DAILY_OR_LONGER.has(String(rule.recur.freq))) throw fail('a meeting series repeats DAILY, WEEKLY, MONTHLY or YEARLY');
  const parts = rule.recur.parts as Record<string, unknown[] | undefined>;
  for (const part of TIME_PARTS) if (parts[part]?.length) throw fail(`${part} is not supported: the slot gives the time of day`);
  return rule;
}

const dateOf = (t: { year: number; month: number; day: number }) =>
  `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;

/** Whether the rule's day filters pick this local date (ordinals such as 1MO are checked by weekday only). */
function picks(rule: ParsedRule, local: LocalDateTime): boolean {
  const parts = rule.recur.parts as Record<string, Array<string | number> | undefined>;
  const weekday = WEEKDAY_CODES[(((dateToUtcSeconds(dateOf(local)) / 86400 - 4) % 7) + 7) % 7]!;
  if (parts.BYDAY?.length && !parts.BYDAY.some((d) => String(d).toUpperCase().endsWith(weekday))) return false;
  const monthDays = parts.BYMONTHDAY?.map(Number).filter((d) => d > 0);
  if (monthDays?.length && !monthDays.includes(local.day)) return false;
  if (parts.BYMONTH?.length && !parts.BYMONTH.map(Number).includes(local.month)) return false;
  return true;
}

/** `occurrencesOf` for `suggest`: the slot's series in `zone`, bounded as above. */
export function seriesOccurrences(rule: ParsedRule, zone: string): (slot: Interval) => Interval[] | null {
  const datesByStart = new Map<string, string[]>();
  const datesFrom = (date: string): string[] => {
    let dates = datesByStart.get(date);
    if (!dates) {
      // UNTIL is applied below, against each occurrence's own instant.
      const series = { start: { kind: 'date' as const, date }, end: { kind: 'date' as const, date: addDays(date, 1) }, rule: { ...rule, until: undefined } };
      const last = addDays(date, RECURRENCE_HORIZON / 86400);
      dates = [];
      for (const o of occurrences(series, undefined, { field: 'event_rrule' })) {
        if (o.start.kind !== 'date' || o.start.date >= last || dates.length >= MAX_OCCURRENCES) break;
        dates.push(o.start.date);
      }
      datesByStart.set(date, dates);
    }
    return dates;
  };
  return (slot) => {
    const local = utcToLocal(slot.start, zone);
    if (!picks(rule, local)) return null;
    const duration = slot.end - slot.start;
    const out: Interval[] = [];
    for (const date of datesFrom(dateOf(local))) {
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      const start = localToUtc({ ...local, year, month, day }, zone);
      const until = rule.until;
      if (until && (until.kind === 'utc' ? start > until.seconds : date > until.date)) break;
      out.push({ start, end: start + duration });
    }
    // The slot is the first occurrence (its own instant, even in a DST overlap).
    if (out.length > 0) out[0] = { start: slot.start, end: slot.end };
    return out.length > 0 ? out : null;
  };
}
