/** Series → iCalendar text: whole documents, or the pieces of a streamed one. */
import { UTC_ZONES, yearOf } from './ics-time.js';
import { encodeVevent } from './encode-event.js';
import type { EncodableEvent, EncodableSeries } from './types.js';
import { vtimezone } from './vtimezone.js';

export const PRODUCT_ID = '-//larkcal//larkcal//EN';

/** The opening lines of a VCALENDAR. */
export function calendarHeader(options: { name?: string } = {}): string {
  let out = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:${PRODUCT_ID}\r\nCALSCALE:GREGORIAN\r\n`;
  if (options.name) out += `X-WR-CALNAME:${options.name.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')}\r\n`;
  return out;
}

export const CALENDAR_FOOTER = 'END:VCALENDAR\r\n';

/**
 * The VEVENTs of one series: the master with RRULE and EXDATEs (cancelled
 * exceptions), then each live exception with RECURRENCE-ID, by original time.
 * A cancelled one-off event or master keeps its VEVENT with STATUS:CANCELLED.
 */
export function encodeSeriesEvents(series: EncodableSeries): string {
  const { master, exceptions, organizer } = series;
  const sorted = [...exceptions].sort((a, b) => a.event.originalTime - b.event.originalTime);
  const exdates = sorted.filter((x) => x.event.status === 'cancelled').map((x) => x.event.originalTime);
  let out = encodeVevent(master, { organizer, exdates });
  for (const x of sorted) if (x.event.status !== 'cancelled') out += encodeVevent(x, { organizer, master: master.event });
  return out;
}

/** The zones a document's VTIMEZONEs must cover, and the years they are used in. */
export class ZoneCollector {
  private readonly years = new Map<string, { from: number; to: number }>();

  add(series: EncodableSeries): void {
    for (const item of [series.master, ...series.exceptions]) {
      for (const time of [item.event.start, item.event.end]) {
        if (time.kind !== 'timed' || UTC_ZONES.has(time.tz)) continue;
        const year = yearOf(time);
        const seen = this.years.get(time.tz);
        this.years.set(time.tz, seen ? { from: Math.min(seen.from, year), to: Math.max(seen.to, year) } : { from: year, to: year });
      }
    }
  }

  /** One VTIMEZONE per zone seen, by zone name. */
  vtimezones(): string {
    return [...this.years.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([zone, y]) => vtimezone(zone, y.from, y.to)).join('');
  }
}

/** A whole document: one VCALENDAR with the VTIMEZONEs used, then every series. */
export function encodeCalendar(series: readonly EncodableSeries[], options: { name?: string } = {}): string {
  const zones = new ZoneCollector();
  let events = '';
  for (const s of series) {
    zones.add(s);
    events += encodeSeriesEvents(s);
  }
  return calendarHeader(options) + zones.vtimezones() + events + CALENDAR_FOOTER;
}

/**
 * A series expanded (RFC 4791 §9.6.5): one VEVENT per instance, none with
 * RRULE or EXDATE; the instances of a recurring series carry RECURRENCE-ID.
 * Each instance is the row to write with that occurrence's times and
 * `recurrence` cleared (an exception's row as stored).
 */
export function encodeExpanded(series: EncodableSeries, instances: readonly EncodableEvent[]): string {
  const recurring = series.master.event.recurrence !== '';
  const zones = new ZoneCollector();
  zones.add({ ...series, master: series.master, exceptions: instances });
  let events = '';
  for (const instance of instances) events += encodeVevent(instance, { organizer: series.organizer, ...(recurring && { master: series.master.event }) });
  return calendarHeader() + zones.vtimezones() + events + CALENDAR_FOOTER;
}
