/**
 * DATE and DATE-TIME values (RFC 5545 §3.3.4, §3.3.5) for an event's times:
 * all-day dates as VALUE=DATE, UTC as the `Z` form, any other zone as local
 * time with TZID. Recurrence ids and EXDATEs take the master's form (§3.8.4.4).
 */
import type { EventTime } from '../events/time.js';
import { utcSecondsToDate } from '../events/time.js';
import { utcToLocal } from '../events/recurrence/zones.js';
import type { Params } from './content-line.js';

export const UTC_ZONES = new Set(['UTC']);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function basicDate(date: string): string {
  return date.replace(/-/g, '');
}

/** The value and parameters of a time property. */
export function timeValue(time: EventTime): { value: string; params: Params } {
  if (time.kind === 'date') return { value: basicDate(time.date), params: [['VALUE', 'DATE']] };
  return instantValue(time.ts, time.tz);
}

/** An instant written in `zone`: `Z` for UTC, else local time with TZID. */
export function instantValue(ts: number, zone: string): { value: string; params: Params } {
  if (UTC_ZONES.has(zone)) return { value: `${new Date(ts * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`, params: [] };
  const l = utcToLocal(ts, zone);
  return { value: `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`, params: [['TZID', zone]] };
}

/** An occurrence's original time written like the master's DTSTART (RECURRENCE-ID, EXDATE). */
export function originalTimeValue(originalTime: number, masterStart: EventTime): { value: string; params: Params } {
  if (masterStart.kind === 'date') return { value: basicDate(utcSecondsToDate(originalTime)), params: [['VALUE', 'DATE']] };
  return instantValue(originalTime, masterStart.tz);
}

/** A UTC DATE-TIME (DTSTAMP, CREATED, LAST-MODIFIED). */
export function utcValue(ts: number): string {
  return instantValue(ts, 'UTC').value;
}

/** The year an instant falls in, in UTC (for VTIMEZONE windows). */
export function yearOf(time: EventTime): number {
  return time.kind === 'date' ? Number(time.date.slice(0, 4)) : new Date(time.ts * 1000).getUTCFullYear();
}
