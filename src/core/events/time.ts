/**
 * Event times (events.md §2.3): a Unix-seconds `timestamp` with an IANA
 * `timezone`, or an all-day `date`. All-day end dates are exclusive inside
 * larkcal and on output; input takes the inclusive last day (the recommended
 * reading of conflicting sources, kept in this one place).
 */
export type EventTime =
  | { kind: 'timed'; ts: number; tz: string }
  | { kind: 'date'; date: string };

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
export const MAX_TIMESTAMP = 16725225600;

/** `YYYY-MM-DD` → seconds at 00:00 UTC of that day. */
export function dateToUtcSeconds(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 1000;
}

export function utcSecondsToDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return utcSecondsToDate(dateToUtcSeconds(date) + days * 86400);
}

export function isValidDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const seconds = dateToUtcSeconds(date);
  return Number.isFinite(seconds) && utcSecondsToDate(seconds) === date && seconds > 0 && seconds <= MAX_TIMESTAMP;
}

/**
 * The instant a time stands for, in UTC seconds. All-day dates are floating;
 * for ordering and range queries they are read as UTC midnight.
 */
export function instantOf(time: EventTime): number {
  return time.kind === 'timed' ? time.ts : dateToUtcSeconds(time.date);
}

/** The zone a series is expanded in: the event's own, or UTC for all-day events. */
export function zoneOf(time: EventTime): string {
  return time.kind === 'timed' ? time.tz : 'UTC';
}
