/**
 * RRULE values as Feishu takes them: the RFC 5545 value without the `RRULE:`
 * prefix (accepted on input, never emitted), at most 2000 characters, COUNT or
 * UNTIL but not both (events.md §2.4), FREQ one of the four Feishu's client
 * offers (issue #15 §9). Iteration is ical.js's.
 */
import ICAL from 'ical.js';
import { DomainError, invalid } from '../../errors.js';
import { Lru } from '../../lru.js';
import { MeterSpent, MeteredIterator } from './metered.js';
import { readParts, type RuleParts } from './rrule-parts.js';

export type Until = { kind: 'utc'; seconds: number } | { kind: 'date'; date: string };

export interface ParsedRule {
  /** The value to store and emit: no prefix, UNTIL as given. */
  text: string;
  /** The rule ical.js iterates, without UNTIL (bounded by `until` here, in UTC). */
  recur: ICAL.Recur;
  until?: Until;
  count?: number;
}

/** Parsed rules by their text: reads expand the same stored rules again and again. */
const parsed = new Lru<string, ParsedRule>(2000);

/**
 * The rule checked in full (rrule-parts.ts: RFC 5545 §3.3.10 values and
 * combinations, the frequencies Feishu offers), then against what ical.js can
 * iterate. Whether a rule finds its occurrences from a given start is known
 * only with the start: expand.ts meters that, and writes refuse what it cannot.
 */
export function parseRecurrence(value: string, field = 'recurrence'): ParsedRule {
  const cached = parsed.get(value);
  if (cached) return cached;
  const rule = parseUncached(value, field);
  parsed.set(value, rule);
  return rule;
}

/**
 * A rule read back from storage. It was checked when written, but by the
 * checks of its day: one stored before a check existed (a `FREQ=HOURLY`
 * series, say) must not make every read of its calendar fail. It is expanded
 * as ical.js reads it (the meter bounds any rule); one ical.js cannot read
 * keeps its first occurrence only.
 */
export function storedRecurrence(value: string): ParsedRule {
  try {
    return parseRecurrence(value);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return parsed.getOrSet(`stored|${value}`, () => legacyRule(value));
  }
}

function legacyRule(value: string): ParsedRule {
  const text = value.trim().replace(/^RRULE:/i, '');
  const parts = text.toUpperCase().split(';').filter((part) => part.includes('='));
  const untilText = parts.find((part) => part.startsWith('UNTIL='))?.slice(6);
  let until: Until | undefined;
  try {
    until = untilText === undefined ? undefined : parseUntil(untilText, 'recurrence');
  } catch {
    until = undefined;
  }
  try {
    const recur = ICAL.Recur.fromString(parts.filter((part) => !part.startsWith('UNTIL=')).join(';'));
    return { text, recur, ...(until && { until }), ...(recur.count ? { count: recur.count } : {}) };
  } catch {
    return { text, recur: ICAL.Recur.fromString('FREQ=DAILY;COUNT=1'), count: 1 };
  }
}

/** The memo's size and bound, for tests. */
export function parsedRuleCache(): { size: number; max: number } {
  return { size: parsed.size, max: parsed.maxEntries };
}

function parseUncached(value: string, field: string): ParsedRule {
  const text = value.trim().replace(/^RRULE:/i, '');
  if (text.length > 2000) throw invalid(field, 'recurrence must be at most 2000 characters');
  if (text === '') throw invalid(field, 'recurrence is not an RRULE value', value);
  const parts = readParts(text.replace(/;$/, ''), field, value);
  const untilText = parts.text.get('UNTIL');
  const until = untilText === undefined ? undefined : parseUntil(untilText, field);
  const countText = parts.text.get('COUNT');
  const count = countText === undefined ? undefined : Number(countText);
  const iterable = [...parts.text].filter(([name]) => name !== 'UNTIL').map(([name, body]) => `${name}=${body}`).join(';');
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(iterable);
  } catch (error) {
    throw invalid(field, `recurrence is not a valid RRULE: ${(error as Error).message}`, value);
  }
  checkSatisfiable(parts, field, value);
  checkIterable(recur, field, value);
  return { text, recur, ...(until && { until }), ...(count !== undefined && { count }) };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/**
 * Refuses, with a reason a client can act on, the rules no date satisfies
 * (BYMONTH=2;BYMONTHDAY=30) and those ical.js cannot match although RFC 5545
 * allows them (a day counted from the month's end under DAILY): both would
 * only spend the expansion meter and find nothing.
 */
function checkSatisfiable(parts: RuleParts, field: string, value: string): void {
  const { freq, numbers } = parts;
  const subMonthly = freq !== 'MONTHLY' && freq !== 'YEARLY';
  const monthDays = numbers.BYMONTHDAY;
  if (subMonthly && monthDays?.some((d) => d < 0)) {
    throw invalid(field, 'a negative BYMONTHDAY (days from the end of the month) needs FREQ=MONTHLY or YEARLY', value);
  }
  if (freq === 'YEARLY' && parts.byDay && monthDays?.some((d) => d < 0)) {
    throw invalid(field, 'a negative BYMONTHDAY together with BYDAY needs FREQ=MONTHLY', value);
  }
  const months = numbers.BYMONTH ?? ALL_MONTHS;
  if (monthDays && !months.some((m) => monthDays.some((d) => Math.abs(d) <= DAYS_IN_MONTH[m - 1]!))) {
    throw invalid(field, 'recurrence never occurs: no BYMONTH has such a BYMONTHDAY', value);
  }
  const positions = numbers.BYSETPOS;
  if (positions) {
    const largest = largestSet(parts);
    if (positions.some((p) => Math.abs(p) > largest)) throw invalid(field, `BYSETPOS is past the largest set one period of this rule holds (${largest})`, value);
  }
}

/** An upper bound on the occurrences one FREQ period of the rule can hold, before BYSETPOS picks. */
function largestSet(parts: RuleParts): number {
  const { freq, numbers } = parts;
  const months = numbers.BYMONTH ?? ALL_MONTHS;
  let days = freq === 'YEARLY' ? months.reduce((sum, m) => sum + DAYS_IN_MONTH[m - 1]!, 0) : freq === 'MONTHLY' ? 31 : freq === 'WEEKLY' ? 7 : 1;
  if (parts.byDay && !numbers.BYMONTHDAY && !numbers.BYYEARDAY && !numbers.BYWEEKNO) {
    // A numbered weekday is one day of its month (or year); a plain one at most five a month, 53 a year.
    const perMonth = freq === 'MONTHLY' || numbers.BYMONTH !== undefined;
    const monthCount = freq === 'YEARLY' ? months.length : 1;
    const fromDays = parts.byDay.reduce((sum, day) => {
      if (freq === 'WEEKLY' || freq === 'DAILY') return sum + 1;
      if (day.ordinal !== 0) return sum + (perMonth ? monthCount : 1);
      return sum + (perMonth ? 5 * monthCount : 53);
    }, 0);
    days = Math.min(days, fromDays);
  }
  const times = ['BYHOUR', 'BYMINUTE', 'BYSECOND'].reduce((product, name) => product * (numbers[name as keyof typeof numbers]?.length ?? 1), 1);
  return days * times;
}

/** ical.js checks some combinations only when an iterator is built (and its YEARLY start searches years): build one, metered. */
function checkIterable(recur: ICAL.Recur, field: string, value: string): void {
  try {
    new MeteredIterator(recur, ICAL.Time.fromData({ year: 2000, month: 1, day: 3, hour: 9, minute: 0, second: 0, isDate: false }));
  } catch (error) {
    const reason = error instanceof MeterSpent ? 'no date satisfies it' : (error as Error).message;
    throw invalid(field, `recurrence is not a valid RRULE: ${reason}`, value);
  }
}

function parseUntil(text: string, field: string): Until {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(text);
  if (!match) throw invalid(field, 'UNTIL must be YYYYMMDD or YYYYMMDDThhmmssZ', text);
  const [y, mo, d, h = 0, mi = 0, s = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const at = new Date(0);
  at.setUTCFullYear(y!, mo! - 1, d!);
  at.setUTCHours(h, mi, s);
  const valid = at.getUTCFullYear() === y && at.getUTCMonth() === mo! - 1 && at.getUTCDate() === d && at.getUTCHours() === h && at.getUTCMinutes() === mi && at.getUTCSeconds() === s;
  if (!valid) throw invalid(field, match[4] === undefined ? 'UNTIL is not a valid date' : 'UNTIL is not a valid date-time', text);
  if (match[4] === undefined) return { kind: 'date', date: `${match[1]}-${match[2]}-${match[3]}` };
  // A floating UNTIL (no Z) is read as UTC, the only form Feishu documents besides date-only.
  return { kind: 'utc', seconds: at.getTime() / 1000 };
}
