/**
 * Wall-clock time in an IANA zone, from the platform's tz database (Intl).
 * Recurrence is expanded in local wall time and each occurrence converted to
 * UTC here, following RFC 5545 §3.3.5: an ambiguous local time (clocks going
 * back) is the first of the two instants; a nonexistent one (clocks going
 * forward) is read with the offset before the gap, so it moves forward.
 */
import { Lru } from '../../lru.js';

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Formatters by zone name as given. Intl takes names in any letter case
 * (`eUrOpE/bErLiN`), so hostile clients have millions of valid names for the
 * same ~400 zones: the memo is an LRU, and the per-day offsets below are kept
 * by the zone's canonical name.
 */
const formatters = new Lru<string, { format: Intl.DateTimeFormat; canonical: string }>(512);

let lastAsked: { zone: string; found: { format: Intl.DateTimeFormat; canonical: string } } | undefined;

function zoneOf(zone: string): { format: Intl.DateTimeFormat; canonical: string } {
  // Expansions ask for one zone thousands of times in a row: skip the LRU's bookkeeping then.
  if (lastAsked?.zone === zone) return lastAsked.found;
  let found = formatters.get(zone);
  if (!found) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    found = { format, canonical: format.resolvedOptions().timeZone };
    formatters.set(zone, found);
  }
  lastAsked = { zone, found };
  return found;
}

function formatter(zone: string): Intl.DateTimeFormat {
  return zoneOf(zone).format;
}

export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `zone` at `utcSeconds`. */
export function utcToLocal(utcSeconds: number, zone: string): LocalDateTime {
  const parts = formatter(zone).formatToParts(new Date(utcSeconds * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function asUtcSeconds(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000;
}

function exactOffset(utcSeconds: number, zone: string): number {
  return asUtcSeconds(utcToLocal(utcSeconds, zone)) - utcSeconds;
}

/**
 * Offsets per zone per UTC day: a zone changes its offset at most once a day,
 * so when the day starts and ends on the same offset, the whole day has it.
 * Asking Intl costs microseconds; expanding a calendar asks thousands of times.
 */
const dayOffsets = new Lru<string, Map<number, number | null>>(128);
/** Days remembered per zone: 22 years; a plain Map inside, cleared when full, since this is the hottest lookup. */
const DAYS_PER_ZONE = 8192;

/** Seconds east of UTC that `zone` is at the instant `utcSeconds`. */
export function offsetAt(utcSeconds: number, zone: string): number {
  const canonical = zoneOf(zone).canonical;
  let days = dayOffsets.get(canonical);
  if (!days) {
    days = new Map();
    dayOffsets.set(canonical, days);
  }
  const day = Math.floor(utcSeconds / 86400);
  let offset = days.get(day);
  if (offset === undefined) {
    const start = exactOffset(day * 86400, zone);
    offset = start === exactOffset(day * 86400 + 86399, zone) ? start : null;
    if (days.size >= DAYS_PER_ZONE) days.clear();
    days.set(day, offset);
  }
  return offset ?? exactOffset(utcSeconds, zone);
}

const sameWallTime = (a: LocalDateTime, b: LocalDateTime) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;

/** The UTC instant of a wall-clock time in `zone` (RFC 5545 rules for gaps and overlaps). */
export function localToUtc(local: LocalDateTime, zone: string): number {
  const wall = asUtcSeconds(local);
  const before = wall - offsetAt(wall - 86400, zone);
  const after = wall - offsetAt(wall + 86400, zone);
  // No transition nearby: the one offset applies (the common case, no more Intl calls).
  if (before === after && offsetAt(before, zone) === wall - before) return before;
  const matches = [before, after].filter((c) => sameWallTime(utcToLocal(c, zone), local));
  if (matches.length > 0) return Math.min(...matches);
  return before; // in a gap: the offset before the transition
}

/** `YYYY-MM-DD` of a local date. */
export function localDateText(t: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** The memo sizes, for the test that hostile names leave them at their bounds. */
export function zoneCacheSizes(): Record<'formatters' | 'zones', { size: number; max: number }> {
  return { formatters: { size: formatters.size, max: formatters.maxEntries }, zones: { size: dayOffsets.size, max: dayOffsets.maxEntries } };
}
