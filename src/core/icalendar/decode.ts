/** iCalendar text → one series per UID (masters, overrides, EXDATEs), or the precise reason it is refused. */
import ICAL from 'ical.js';
import { decodeVevent, type DecodedVevent } from './decode-event.js';
import { ICalendarError } from './errors.js';
import type { DecodedSeries, DecodeOptions } from './types.js';
import { textOf } from './x-values.js';

/** The VCALENDAR of a document, or `unparsable`. */
export function parseCalendar(text: string): ICAL.Component {
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new ICalendarError('unparsable', `not iCalendar: ${(error as Error).message}`);
  }
  // Several top-level components come back as a list; a resource holds one VCALENDAR (RFC 4791 §4.1).
  if (!Array.isArray(jcal) || typeof jcal[0] !== 'string' || jcal[0] !== 'vcalendar') {
    throw new ICalendarError('unparsable', 'the document is not one VCALENDAR');
  }
  return new ICAL.Component(jcal as unknown[]);
}

/** TZID → X-LIC-LOCATION of each VTIMEZONE (zone-names.ts reads TZIDs through it). */
export function timezoneLocations(calendar: ICAL.Component): Map<string, string | undefined> {
  const zones = new Map<string, string | undefined>();
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) {
    const tzid = textOf(vtimezone, 'tzid');
    if (tzid) zones.set(tzid, textOf(vtimezone, 'x-lic-location'));
  }
  return zones;
}

export function decodeCalendar(text: string, options: DecodeOptions = {}): DecodedSeries[] {
  const calendar = parseCalendar(text);
  const vevents = calendar.getAllSubcomponents('vevent');
  if (vevents.length === 0) throw new ICalendarError('no_vevent', 'the VCALENDAR holds no VEVENT');
  const base = { zones: timezoneLocations(calendar), floatingZone: options.floatingZone ?? 'UTC' };
  const series = groupByUid(vevents.map((v) => decodeVevent(v, base)));
  if (options.singleUid && series.length > 1) {
    throw new ICalendarError('several_uids', `the object holds ${series.length} UIDs (${series.slice(0, 3).map((s) => s.uid).join(', ')}…); it must hold one`);
  }
  return series;
}

/**
 * Components of one UID make one series, in the order UIDs first appear. An
 * override with STATUS:CANCELLED cancels its occurrence: it joins the EXDATEs.
 */
export function groupByUid(components: readonly DecodedVevent[]): DecodedSeries[] {
  const byUid = new Map<string, DecodedSeries>();
  for (const c of components) {
    let series = byUid.get(c.uid);
    if (!series) {
      series = { uid: c.uid, master: null, overrides: [], exdates: [] };
      byUid.set(c.uid, series);
    }
    if (c.originalTime === undefined) {
      if (series.master) throw new ICalendarError('duplicate_component', `UID ${c.uid} has two VEVENTs without RECURRENCE-ID`, c.uid);
      series.master = c.event;
      series.exdates.push(...c.exdates);
      continue;
    }
    const originalTime = c.originalTime;
    if (series.overrides.some((o) => o.originalTime === originalTime) || (c.event.status === 'cancelled' && series.exdates.includes(originalTime))) {
      throw new ICalendarError('duplicate_component', `UID ${c.uid} overrides one occurrence twice (RECURRENCE-ID ${originalTime})`, c.uid, 'RECURRENCE-ID');
    }
    if (c.event.status === 'cancelled') series.exdates.push(originalTime);
    else series.overrides.push({ originalTime, event: c.event });
  }
  for (const s of byUid.values()) {
    s.overrides.sort((a, b) => a.originalTime - b.originalTime);
    s.exdates = [...new Set(s.exdates)].sort((a, b) => a - b);
  }
  return [...byUid.values()];
}
