/**
 * RFC 3339 date-times as free/busy takes and gives them (calendars.md §5.2,
 * §5.3): `time_min`/`time_max` in, item times out in the offset of the request.
 * Strict on purpose: RFC 3339 §5.6 `date-time` only ("T" or "t" between date
 * and time, seconds 00–59, an offset `Z` or `±hh:mm`), since a fidelity product
 * gives every malformed input a precise error (198002 format, 198004 zone).
 */

/** The offset a time was written in; `Z` is kept so that it comes back as `Z`. */
export interface Offset {
  minutes: number;
  utc: boolean;
}

export interface ParsedTime {
  /** UTC seconds; fractions round down (`time_min`) — see `ceilSeconds` for `time_max`. */
  seconds: number;
  /** Whether the text had a fraction of a second. */
  fraction: boolean;
  offset: Offset;
}

/** `format`: not an RFC 3339 date and time; `zone`: a date and time with a missing or malformed offset. */
export type TimeFailure = 'format' | 'zone';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(.*)$/s;
const OFFSET = /^(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** UTC seconds of a wall-clock time read as UTC (years 0000–9999; Date.UTC would shift years below 100). */
function utcSeconds(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() / 1000;
}

export function parseRfc3339(text: string): ParsedTime | TimeFailure {
  const m = DATE_TIME.exec(text);
  if (!m) return 'format';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Leap seconds (60) are refused, as Go's time.Parse (Feishu's stack) refuses them.
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return 'format';
  const z = OFFSET.exec(m[8]!);
  if (!z) return 'zone';
  const utc = z[1] === undefined;
  const hours = utc ? 0 : Number(z[2]);
  const minutes = utc ? 0 : Number(z[3]);
  if (hours > 23 || minutes > 59) return 'zone';
  const offsetMinutes = (z[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  return {
    seconds: utcSeconds(year, month, day, hour, minute, second) - offsetMinutes * 60,
    fraction: m[7] !== undefined && Number(m[7]) > 0,
    offset: { minutes: offsetMinutes, utc },
  };
}

/** The end of a window: a fraction of a second reaches into the next whole second. */
export function ceilSeconds(time: ParsedTime): number {
  return time.fraction ? time.seconds + 1 : time.seconds;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2020-10-28T22:30:00+08:00` (or `…Z` when the request wrote `Z`). */
export function formatRfc3339(seconds: number, offset: Offset): string {
  const local = seconds + offset.minutes * 60;
  const day = Math.floor(local / 86400);
  const inDay = local - day * 86400;
  const time = `${pad(Math.floor(inDay / 3600))}:${pad(Math.floor((inDay % 3600) / 60))}:${pad(inDay % 60)}`;
  return `${datePart(day)}T${time}${zoneSuffix(offset)}`;
}

/** A batch answer writes thousands of times over a few days: each day's date is formatted once. */
const dates = new Map<number, string>();

function datePart(day: number): string {
  let text = dates.get(day);
  if (text === undefined) {
    const d = new Date(day * 86400 * 1000);
    text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (dates.size >= 10_000) dates.clear();
    dates.set(day, text);
  }
  return text;
}

function zoneSuffix(offset: Offset): string {
  if (offset.utc) return 'Z';
  const abs = Math.abs(offset.minutes);
  return `${offset.minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
