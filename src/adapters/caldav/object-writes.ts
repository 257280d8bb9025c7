/**
 * PUT and DELETE of a calendar object (RFC 4791 §5.3.2, RFC 4918 §9.6/§9.7)
 * through the event use cases REST runs: the master is created or patched,
 * each override patches its occurrence, EXDATEs cancel occurrences, and
 * exceptions the new text no longer holds return to the series. Everything is
 * decoded and checked before the first write, so a refused object changes
 * nothing.
 */
import type { CalendarView } from '../../core/calendars/model.js';
import { eventIdOf } from '../../core/events/ids.js';
import type { EventInput } from '../../core/events/input.js';
import { decodeCalendar, type DecodedSeries } from '../../core/icalendar/index.js';
import { applyAttendees, planAttendees } from './attendee-sync.js';
import type { Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { caldavCondition, DavError, needPrivileges } from './errors.js';
import { objectPath } from './paths.js';
import { dav } from './xml.js';

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** RFC 7232 §3.1/§3.2: `*` or a list of strong tags. */
function matches(header: string, etag: string | undefined): boolean {
  if (header.trim() === '*') return etag !== undefined;
  return etag !== undefined && header.split(',').map((t) => t.trim()).includes(etag);
}

export function checkConditions(conditions: Conditions, etag: string | undefined): void {
  if (conditions.ifMatch !== undefined && !matches(conditions.ifMatch, etag)) throw new DavError(412, undefined, 'If-Match does not hold');
  if (conditions.ifNoneMatch !== undefined && matches(conditions.ifNoneMatch, etag)) throw new DavError(412, undefined, 'If-None-Match does not hold');
}

/** RFC 4791 §5.3.2.1 supported-calendar-data: iCalendar only. */
export function requireCalendarType(contentType: string | undefined): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/calendar') throw new DavError(415, caldavCondition('supported-calendar-data'), 'calendar objects are text/calendar');
}

export async function putObject(deps: CaldavDeps, principal: Principal, view: CalendarView, uid: string, text: string, conditions: Conditions): Promise<'created' | 'updated'> {
  if (view.role !== 'owner' && view.role !== 'writer') throw needPrivileges('writing events needs DAV:write-content on the calendar');
  const [series] = decodeCalendar(text, { singleUid: true });
  if (!series?.master) throw new DavError(403, caldavCondition('valid-calendar-object-resource'), 'the object holds no master VEVENT (without RECURRENCE-ID)');
  const calendarId = view.calendar.calendarId;
  const { identity, user } = principal;
  if (series.uid !== uid) {
    // The name is the UID (paths.ts): another name for a UID already here is RFC 4791 §5.3.2.1 no-uid-conflict.
    const other = await deps.objects.masterOf(identity.tenantKey, calendarId, series.uid);
    if (other) throw new DavError(409, caldavCondition('no-uid-conflict', [dav('href', objectPath(user.userId, calendarId, series.uid))]), `UID ${series.uid} is already in this calendar`);
    throw new DavError(403, caldavCondition('valid-calendar-object-resource'), `an object's name is its UID and .ics: ${encodeURIComponent(series.uid)}.ics`);
  }
  const current = await deps.objects.get(identity, view.calendar, uid);
  checkConditions(conditions, current?.etag);
  const attendees = await planAttendees(deps, principal, series.master.attendees);
  if (current) {
    await deps.events.patch(identity, calendarId, current.eventId, series.master.input);
    await applyAttendees(deps, principal, calendarId, current.eventId, attendees);
    await writeExceptions(deps, principal, calendarId, current.eventId, series);
    return 'updated';
  }
  const created = await deps.events.create(identity, calendarId, series.master.input);
  await applyAttendees(deps, principal, calendarId, created.event.eventId, attendees);
  await writeExceptions(deps, principal, calendarId, created.event.eventId, series);
  return 'created';
}

async function writeExceptions(deps: CaldavDeps, principal: Principal, calendarId: string, masterId: string, series: DecodedSeries): Promise<void> {
  const master = await deps.store.events.get(masterId);
  if (!master?.recurrence) return;
  const { identity } = principal;
  const kept = new Set([...series.exdates, ...series.overrides.map((o) => o.originalTime)]);
  for (const exception of await deps.store.events.exceptionsOf(master.seriesId)) {
    if (!kept.has(exception.originalTime)) await deps.events.delete(identity, calendarId, exception.eventId, { deleteException: true });
  }
  for (const override of series.overrides) {
    // An occurrence takes no rule of its own (events.md §2.2).
    const input: EventInput = { ...override.event.input, recurrence: undefined };
    delete input.uid;
    await deps.events.patch(identity, calendarId, eventIdOf(master.seriesId, override.originalTime), input);
  }
  for (const time of series.exdates) {
    const eventId = eventIdOf(master.seriesId, time);
    if ((await deps.store.events.get(eventId))?.status === 'cancelled') continue;
    await deps.events.delete(identity, calendarId, eventId, { deleteException: false });
  }
}

export async function deleteObject(deps: CaldavDeps, principal: Principal, view: CalendarView, uid: string, conditions: Conditions): Promise<void> {
  if (view.role !== 'owner' && view.role !== 'writer') throw needPrivileges('deleting events needs DAV:unbind on the calendar');
  const current = await deps.objects.get(principal.identity, view.calendar, uid);
  checkConditions(conditions, current?.etag);
  if (!current) throw new DavError(404, undefined, 'no such calendar object');
  await deps.events.delete(principal.identity, view.calendar.calendarId, current.eventId, { deleteException: false });
}
