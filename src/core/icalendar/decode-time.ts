/** Reading DATE and DATE-TIME values into instants, dates and zones (RFC 5545 §3.3.4–§3.3.6). */
import type ICAL from 'ical.js';
import { dateToUtcSeconds, isValidDate } from '../events/time.js';
import { localToUtc } from '../events/recurrence/zones.js';
import { ICalendarError } from './errors.js';
import { ianaZoneOf } from './zone-names.js';

export type IcsTime =
  | { kind: 'date'; date: string }
  | { kind: 'timed'; ts: number; tz: string };

export interface TimeContext {
  uid: string;
  /** TZID → X-LIC-LOCATION of the document's VTIMEZONEs. */
  zones: ReadonlyMap<string, string | undefined>;
  floatingZone: string;
}

const VALUE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/;

/** One value of a time property as ical.js's jCal holds it (`2026-01-05T09:00:00Z` or `2026-01-05`). */
export function readTime(raw: unknown, tzid: string | undefined, name: string, ctx: TimeContext): IcsTime {
  const match = typeof raw === 'string' ? VALUE.exec(raw) : null;
  if (!match) throw new ICalendarError('invalid_property', `${name} is not a date or date-time: ${String(raw)}`, ctx.uid, name);
  const [, y, mo, d, h, mi, s, z] = match;
  const date = `${y}-${mo}-${d}`;
  if (!isValidDate(date)) throw new ICalendarError('invalid_property', `${name} is not a valid date: ${raw as string}`, ctx.uid, name);
  if (h === undefined) return { kind: 'date', date };
  const local = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) };
  if (local.hour > 23 || local.minute > 59 || local.second > 60) throw new ICalendarError('invalid_property', `${name} is not a valid time: ${raw as string}`, ctx.uid, name);
  if (z) return { kind: 'timed', ts: Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, Math.min(local.second, 59)) / 1000, tz: 'UTC' };
  const tz = tzid === undefined ? ctx.floatingZone : zoneOf(tzid, name, ctx);
  return { kind: 'timed', ts: localToUtc({ ...local, second: Math.min(local.second, 59) }, tz), tz };
}

function zoneOf(tzid: string, name: string, ctx: TimeContext): string {
  const zone = ianaZoneOf(tzid, ctx.zones.get(tzid));
  if (!zone) throw new ICalendarError('unknown_timezone', `${name} has TZID "${tzid}", which names no IANA time zone`, ctx.uid, name);
  return zone;
}

/** A property's single time value. */
export function propertyTime(prop: ICAL.Property, ctx: TimeContext): IcsTime {
  return readTime(prop.jCal[3], paramText(prop, 'tzid'), prop.name.toUpperCase(), ctx);
}

/** Every value of every such property (EXDATE may repeat and list several). */
export function propertyTimes(props: readonly ICAL.Property[], ctx: TimeContext): IcsTime[] {
  return props.flatMap((p) => p.jCal.slice(3).map((raw) => readTime(raw, paramText(p, 'tzid'), p.name.toUpperCase(), ctx)));
}

/** An occurrence's original time as event ids carry it: the instant, or a date's UTC midnight. */
export function originalTimeOf(time: IcsTime): number {
  return time.kind === 'date' ? dateToUtcSeconds(time.date) : time.ts;
}

export function paramText(prop: ICAL.Property, name: string): string | undefined {
  const value = prop.getParameter(name) as unknown;
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? String(value[0]) : String(value);
}
