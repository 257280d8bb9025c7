/**
 * Where a series' iteration may start so that nothing at or after `from` is
 * missed, without walking from DTSTART: a read decades past DTSTART would
 * otherwise spend the expansion meter (metered.ts) before reaching its window.
 * Without COUNT a rule's occurrence set is periodic, and its filters (BYDAY,
 * BYMONTHDAY, BYSETPOS, BYWEEKNO, …) are absolute within each period, so
 * DTSTART can jump forward by whole periods and the occurrences after the new
 * start are unchanged:
 *   - DAILY and WEEKLY by INTERVAL days or weeks;
 *   - MONTHLY and YEARLY by whole years that are also whole intervals, which
 *     keeps DTSTART's month and day (the defaults RFC 5545 §3.3.10 takes from
 *     it); not from 29 February, which most such years lack.
 * The new start stays a margin of a period or more before the window, so
 * anything odd about the first occurrence ical.js yields falls before it.
 */
import { addDays, dateToUtcSeconds } from '../time.js';
import type { ParsedRule } from './rrule.js';
import { localDateText, type LocalDateTime } from './zones.js';

const DAY = 86400;

export function rebasedStart(rule: ParsedRule, dtstart: LocalDateTime, from: number | undefined, durationSeconds: number): LocalDateTime {
  if (from === undefined || rule.count !== undefined) return dtstart;
  const { freq, interval } = rule.recur;
  if (freq === 'DAILY' || freq === 'WEEKLY') return byDays(dtstart, from - durationSeconds - 8 * DAY, freq === 'DAILY' ? interval : interval * 7);
  if (freq === 'MONTHLY' || freq === 'YEARLY') {
    if (dtstart.month === 2 && dtstart.day === 29) return dtstart;
    const years = freq === 'YEARLY' ? interval : lcm(interval, 12) / 12;
    if (years > 400) return dtstart;
    return byYears(dtstart, from - durationSeconds - 400 * DAY, years);
  }
  return dtstart;
}

function byDays(dtstart: LocalDateTime, target: number, periodDays: number): LocalDateTime {
  const startDate = localDateText(dtstart);
  const days = Math.floor((target - dateToUtcSeconds(startDate)) / DAY);
  if (days <= periodDays) return dtstart;
  const [year, month, day] = addDays(startDate, Math.floor(days / periodDays) * periodDays).split('-').map(Number) as [number, number, number];
  return { ...dtstart, year, month, day };
}

function byYears(dtstart: LocalDateTime, target: number, periodYears: number): LocalDateTime {
  const targetYear = new Date(target * 1000).getUTCFullYear();
  const periods = Math.floor((targetYear - dtstart.year - periodYears) / periodYears);
  if (periods <= 0) return dtstart;
  return { ...dtstart, year: dtstart.year + periods * periodYears };
}

function lcm(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
