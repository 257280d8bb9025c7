/**
 * free-busy-query (RFC 4791 §7.10): a VFREEBUSY of the calendar's busy time
 * in a window, answered 200 as text/calendar. A user's primary calendar and a
 * room's calendar answer by the free/busy rules of REST (freebusy/list: RSVP,
 * transparency, exceptions), so a free_busy_reader gets what REST would give;
 * other calendars by their instances, which needs DAV:read.
 */
import type { CalendarView } from '../../core/calendars/model.js';
import { PRODUCT_ID } from '../../core/icalendar/index.js';
import { instantOf, type EventTime } from '../../core/events/time.js';
import type { Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { needPrivileges } from './errors.js';

export interface Period {
  start: number;
  end: number;
}

export interface Window {
  from: number;
  to: number;
}

/** An all-day event's end is its inclusive last day in the core: busy until the next midnight. */
const endOf = (time: EventTime): number => instantOf(time) + (time.kind === 'date' ? 86400 : 0);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
const icsUtc = (seconds: number) => iso(seconds).replace(/[-:]/g, '');

export async function busyPeriods(deps: CaldavDeps, principal: Principal, view: CalendarView, window: Window): Promise<Period[]> {
  const { calendar } = view;
  const base = { timeMin: iso(window.from), timeMax: iso(window.to), onlyBusy: true, includeExternalCalendar: false, userIdType: 'user_id' as const };
  if (calendar.type === 'primary' && calendar.owner.startsWith('user:')) {
    const owner = await deps.store.tenancy.getUser(calendar.owner.slice('user:'.length));
    if (owner) return (await deps.freeBusy.list(principal.identity, { ...base, userId: owner.userId })).items;
  }
  if (calendar.type === 'resource' && calendar.owner.startsWith('room:')) {
    return (await deps.freeBusy.list(principal.identity, { ...base, roomId: calendar.owner.slice('room:'.length) })).items;
  }
  if (view.role === 'free_busy_reader') throw needPrivileges('free/busy of this calendar is read from its events, which needs DAV:read');
  const { items } = await deps.eventQueries.instanceView(principal.identity, calendar.calendarId, window);
  return items
    .filter((i) => i.status !== 'cancelled' && i.freeBusyStatus === 'busy')
    .map((i) => ({ start: instantOf(i.start), end: endOf(i.end) }));
}

/** The VFREEBUSY answer: merged, sorted periods in UTC (RFC 5545 §3.6.4, §3.8.2.6). */
export function vfreebusy(window: Window, periods: readonly Period[], stamp: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODUCT_ID}`, 'BEGIN:VFREEBUSY', `DTSTAMP:${icsUtc(stamp)}`, `DTSTART:${icsUtc(window.from)}`, `DTEND:${icsUtc(window.to)}`];
  for (const p of merge(periods, window)) lines.push(`FREEBUSY;FBTYPE=BUSY:${icsUtc(p.start)}/${icsUtc(p.end)}`);
  lines.push('END:VFREEBUSY', 'END:VCALENDAR', '');
  return lines.join('\r\n');
}

function merge(periods: readonly Period[], window: Window): Period[] {
  const sorted = periods.map((p) => ({ start: Math.max(p.start, window.from), end: Math.min(p.end, window.to) })).filter((p) => p.end > p.start).sort((a, b) => a.start - b.start);
  const out: Period[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}
