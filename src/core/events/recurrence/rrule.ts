/**
 * RRULE values as Feishu takes them: the RFC 5545 value without the `RRULE:`
 * prefix (accepted on input, never emitted), at most 2000 characters, COUNT or
 * UNTIL but not both (events.md §2.4). Parsing is ical.js's.
 */
import ICAL from 'ical.js';
import { invalid } from '../../errors.js';

export type Until = { kind: 'utc'; seconds: number } | { kind: 'date'; date: string };

export interface ParsedRule {
  /** The value to store and emit: no prefix, UNTIL as given. */
  text: string;
  /** The rule ical.js iterates, without UNTIL (bounded by `until` here, in UTC). */
  recur: ICAL.Recur;
  until?: Until;
  count?: number;
}

const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const PART = /^[A-Z]+=[A-Za-z0-9,+\-:]+$/;

/**
 * Parsed rules by their text: reads expand the same stored rules again and
 * again. ical.js iterators copy what they need, so a parsed rule can be shared.
 */
const parsed = new Map<string, ParsedRule>();

export function parseRecurrence(value: string, field = 'recurrence'): ParsedRule {
  const cached = parsed.get(value);
  if (cached) return cached;
  const rule = parseUncached(value, field);
  if (parsed.size >= 5000) parsed.clear();
  parsed.set(value, rule);
  return rule;
}

function parseUncached(value: string, field: string): ParsedRule {
  const text = value.trim().replace(/^RRULE:/i, '');
  if (text.length > 2000) throw invalid(field, 'recurrence must be at most 2000 characters');
  const parts = text.split(';').filter((p) => p.length > 0);
  if (parts.length === 0 || parts.some((p) => !PART.test(p))) throw invalid(field, 'recurrence is not an RRULE value', value);
  const byName = new Map(parts.map((p) => [p.slice(0, p.indexOf('=')).toUpperCase(), p.slice(p.indexOf('=') + 1)]));
  if (byName.size !== parts.length) throw invalid(field, 'recurrence repeats a rule part', value);
  const freq = byName.get('FREQ');
  if (!freq || !FREQS.has(freq.toUpperCase())) throw invalid(field, 'recurrence needs FREQ=SECONDLY…YEARLY', value);
  if (byName.has('COUNT') && byName.has('UNTIL')) throw invalid(field, 'recurrence takes COUNT or UNTIL, not both', value);

  let until: Until | undefined;
  const untilText = byName.get('UNTIL');
  if (untilText !== undefined) until = parseUntil(untilText, field);
  let count: number | undefined;
  const countText = byName.get('COUNT');
  if (countText !== undefined) {
    count = Number(countText);
    if (!/^\d{1,6}$/.test(countText) || count < 1) throw invalid(field, 'COUNT must be a positive integer', countText);
  }
  const iterable = parts.filter((p) => !/^UNTIL=/i.test(p)).join(';');
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(iterable);
  } catch (error) {
    throw invalid(field, `recurrence is not a valid RRULE: ${(error as Error).message}`, value);
  }
  const interval = byName.get('INTERVAL');
  if (interval !== undefined && (!/^\d{1,4}$/.test(interval) || Number(interval) < 1)) throw invalid(field, 'INTERVAL must be a positive integer', interval);
  checkExpandable(recur, field, value);
  return { text, recur, ...(until && { until }), ...(count !== undefined && { count }) };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Refuses what RFC 5545 §3.3.10 forbids and ical.js would not survive: its
 * iterator searches day by day for a match and never gives up, so a rule no
 * date can satisfy (BYMONTH=2;BYMONTHDAY=30 below MONTHLY) or a numbered BYDAY
 * below MONTHLY (which it never matches) freezes the process. Anything its
 * iterator refuses at start is refused here too, rather than on first expansion.
 */
function checkExpandable(recur: ICAL.Recur, field: string, value: string): void {
  const parts = recur.parts as Record<string, Array<number | string> | undefined>;
  const freq = recur.freq;
  // Per-second series iterate 86,400 times a day to find their matches; a calendar has no use for them.
  if (freq === 'SECONDLY') throw invalid(field, 'FREQ=SECONDLY is not supported for calendar events', value);
  // ical.js never produces a leap second, so a rule that needs one searches forever.
  if ((parts.BYSECOND ?? []).some((second) => Number(second) > 59)) throw invalid(field, 'BYSECOND must be 0 to 59', value);
  if (freq === 'MINUTELY' || freq === 'HOURLY') {
    // Each would make the iterator step through every minute or hour of the days it skips.
    const dayFilter = ['BYMONTH', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS'].find((part) => parts[part]);
    if (dayFilter) throw invalid(field, `${dayFilter} is not supported with FREQ=${freq}; use FREQ=DAILY or coarser`, value);
  }
  const subMonthly = freq !== 'MONTHLY' && freq !== 'YEARLY';
  if (parts.BYWEEKNO && freq !== 'YEARLY') throw invalid(field, 'BYWEEKNO is allowed only with FREQ=YEARLY (RFC 5545 §3.3.10)', value);
  if (parts.BYYEARDAY && freq !== 'YEARLY') throw invalid(field, 'BYYEARDAY is allowed only with FREQ=YEARLY here (RFC 5545 §3.3.10)', value);
  if (parts.BYMONTHDAY && freq === 'WEEKLY') throw invalid(field, 'BYMONTHDAY is not allowed with FREQ=WEEKLY (RFC 5545 §3.3.10)', value);
  if (subMonthly && (parts.BYDAY ?? []).some((day) => /^[+-]?\d/.test(String(day)))) {
    throw invalid(field, 'a numbered BYDAY (such as 1MO) is allowed only with FREQ=MONTHLY or YEARLY (RFC 5545 §3.3.10)', value);
  }
  if (freq === 'YEARLY' && parts.BYWEEKNO && (parts.BYDAY ?? []).some((day) => /^[+-]?\d/.test(String(day)))) {
    throw invalid(field, 'a numbered BYDAY is not allowed with BYWEEKNO (RFC 5545 §3.3.10)', value);
  }
  if (subMonthly && (parts.BYMONTHDAY ?? []).some((d) => Number(d) < 0)) {
    // ical.js's daily iterator never matches a day counted from the month's end, and never stops looking.
    throw invalid(field, 'a negative BYMONTHDAY (days from the end of the month) needs FREQ=MONTHLY or YEARLY', value);
  }
  if (freq === 'YEARLY' && parts.BYDAY && (parts.BYMONTHDAY ?? []).some((d) => Number(d) < 0)) {
    // Another search ical.js never ends: a yearly BYDAY filtered by days from the month's end.
    throw invalid(field, 'a negative BYMONTHDAY together with BYDAY needs FREQ=MONTHLY', value);
  }
  if (parts.BYMONTHDAY) {
    const months = (parts.BYMONTH ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).map(Number);
    const days = parts.BYMONTHDAY.map(Number);
    const possible = months.some((m) => days.some((d) => Math.abs(d) <= (DAYS_IN_MONTH[m - 1] ?? 0)));
    if (!possible) throw invalid(field, 'recurrence never occurs: no BYMONTH has such a BYMONTHDAY', value);
  }
  if (parts.BYSETPOS) {
    // A position past the largest set a period can hold is never reached, and ical.js searches for it forever.
    const months = parts.BYMONTH?.length ?? 12;
    let days = freq === 'YEARLY'
      ? (parts.BYMONTH ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).reduce<number>((sum, m) => sum + (DAYS_IN_MONTH[Number(m) - 1] ?? 0), 0)
      : freq === 'MONTHLY' ? 31 : freq === 'WEEKLY' ? 7 : 1;
    if (parts.BYDAY && !parts.BYMONTHDAY && !parts.BYYEARDAY && !parts.BYWEEKNO) {
      // A numbered weekday is one day of its month (or year); a plain one at most five a month, 53 a year.
      const perMonth = freq === 'MONTHLY' || parts.BYMONTH !== undefined;
      const fromDays = parts.BYDAY.reduce<number>((sum, day) => {
        const numbered = /^[+-]?\d/.test(String(day));
        if (freq === 'WEEKLY' || freq === 'DAILY') return sum + 1;
        if (numbered) return sum + (perMonth ? (freq === 'YEARLY' ? months : 1) : 1);
        return sum + (perMonth ? 5 * (freq === 'YEARLY' ? months : 1) : 53);
      }, 0);
      days = Math.min(days, fromDays);
    }
    const times = ['BYHOUR', 'BYMINUTE', 'BYSECOND'].reduce((product, part) => product * Math.max(1, parts[part]?.length ?? 0), 1);
    const largest = days * times;
    if (parts.BYSETPOS.some((p) => Math.abs(Number(p)) > largest)) {
      throw invalid(field, `BYSETPOS is past the largest set one period of this rule holds (${largest})`, value);
    }
  }
  try {
    recur.iterator(ICAL.Time.fromData({ year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0, isDate: false }));
  } catch (error) {
    throw invalid(field, `recurrence is not a valid RRULE: ${(error as Error).message}`, value);
  }
}

function parseUntil(text: string, field: string): Until {
  const dateTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (dateTime) {
    const [y, mo, d, h, mi, s] = dateTime.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (!Number.isFinite(ms) || new Date(ms).getUTCDate() !== d) throw invalid(field, 'UNTIL is not a valid date-time', text);
    return { kind: 'utc', seconds: ms / 1000 };
  }
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (date) {
    const [y, mo, d] = date.slice(1).map(Number) as [number, number, number];
    const ms = Date.UTC(y, mo - 1, d);
    if (new Date(ms).getUTCDate() !== d) throw invalid(field, 'UNTIL is not a valid date', text);
    return { kind: 'date', date: `${date[1]}-${date[2]}-${date[3]}` };
  }
  // A floating UNTIL (no Z) is read as UTC, the only form Feishu documents besides date-only.
  const floating = /^(\d{8}T\d{6})$/.exec(text);
  if (floating) return parseUntil(`${floating[1]}Z`, field);
  throw invalid(field, 'UNTIL must be YYYYMMDD or YYYYMMDDThhmmssZ', text);
}
