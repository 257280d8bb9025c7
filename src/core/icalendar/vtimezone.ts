/**
 * VTIMEZONE components for the IANA zones an export uses (RFC 5545 §3.6.5),
 * drawn from the platform's tz database: one STANDARD observance for the offset
 * in force at the window's start, then one observance per transition up to ten
 * years past the last event, each with its exact local DTSTART. Explicit
 * transitions rather than derived RRULEs: always true, and clients that know
 * the zone by its TZID (all common ones) ignore them anyway.
 */
import { offsetAt } from '../events/recurrence/zones.js';
import { Lru } from '../lru.js';
import { contentLine } from './content-line.js';

/** Years of transitions written past the last year an event uses. */
const YEARS_AHEAD = 10;

/** Memoised by zone and window: CalDAV answers the same zones again and again. An LRU: the zones come from clients' events. */
const cache = new Lru<string, string>(1000);

export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  return cache.getOrSet(`${zone}|${fromYear}|${toYear}`, () => build(zone, fromYear, toYear + YEARS_AHEAD));
}

function build(zone: string, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1) / 1000;
  const to = Date.UTC(toYear + 1, 0, 1) / 1000;
  const initial = offsetAt(from, zone);
  let text = `BEGIN:VTIMEZONE\r\n${contentLine('TZID', zone)}`;
  text += observance('STANDARD', from, initial, initial);
  let previous = initial;
  for (const at of transitions(zone, from, to)) {
    const next = offsetAt(at, zone);
    text += observance(next > previous ? 'DAYLIGHT' : 'STANDARD', at, previous, next);
    previous = next;
  }
  return `${text}END:VTIMEZONE\r\n`;
}

/** The instants in [from, to) where the zone's offset changes: day steps, then a binary search to the second. */
function* transitions(zone: string, from: number, to: number): Generator<number> {
  let before = offsetAt(from, zone);
  for (let day = from; day < to; day += 86400) {
    const after = offsetAt(day + 86400, zone);
    if (after === before) continue;
    let low = day;
    let high = day + 86400;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offsetAt(mid, zone) === before) low = mid;
      else high = mid;
    }
    yield high;
    before = after;
  }
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', at: number, fromOffset: number, toOffset: number): string {
  // DTSTART is the local time before the change (§3.6.5: "in terms of the offset in effect prior to the onset").
  const wall = new Date((at + fromOffset) * 1000);
  return `BEGIN:${kind}\r\n`
    + contentLine('DTSTART', basicDateTime(wall))
    + contentLine('TZOFFSETFROM', offsetText(fromOffset))
    + contentLine('TZOFFSETTO', offsetText(toOffset))
    + `END:${kind}\r\n`;
}

function basicDateTime(wall: Date): string {
  return wall.toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/** ±hhmm[ss] (§3.3.14). */
function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const ss = abs % 60;
  return `${sign}${hh}${mm}${ss ? String(ss).padStart(2, '0') : ''}`;
}
