/**
 * PUT and DELETE of a calendar object (RFC 4791 §5.3.2, RFC 4918 §9.6/§9.7)
 * through the event use cases REST runs: the master is created or patched,
 * each override patches its occurrence, EXDATEs cancel occurrences, and
 * exceptions the new text no longer holds return to the series. The text is
 * decoded and its attendees resolved before the first write, and every write
 * of one PUT joins one transaction, so a refused object changes nothing.
 */
import type { CalendarView } from '../../core/calendars/model.js';
import { DomainError } from '../../core/errors.js';
import type { AttendeeService } from '../../core/events/attendee-service.js';
import type { EventService } from '../../core/events/event-service.js';
import { eventIdOf } from '../../core/events/ids.js';
import { contentForPatch, type EventInput } from '../../core/events/input.js';
import type { CalendarEvent } from '../../core/events/model.js';
import type { OpenTransaction } from '../../core/ports.js';
import { decodeCalendar, type DecodedSeries } from '../../core/icalendar/index.js';
import { applyAttendees, planAttendees, type PlannedAttendee } from './attendee-sync.js';
import type { Principal } from './auth.js';
import type { CalendarObject } from './calendar-objects.js';
import type { CaldavDeps } from './context.js';
import { caldavCondition, DavError, needPrivileges } from './errors.js';
import { objectHref, objectName } from './paths.js';
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

/** The use cases of one PUT, inside its one transaction. */
interface Writes {
  unit: OpenTransaction;
  events: EventService;
  attendees: AttendeeService;
}

/** Each VEVENT's ATTENDEEs, resolved before the transaction: the master's, and each override's by original time. */
interface AttendeePlan {
  master: PlannedAttendee[];
  overrides: Map<number, PlannedAttendee[]>;
}

/** `name`: the resource name in the URL (decoded); a new object keeps it, whatever it is (RFC 4791 §4.1). */
export async function putObject(deps: CaldavDeps, principal: Principal, view: CalendarView, name: string, text: string, conditions: Conditions): Promise<'created' | 'updated'> {
  if (view.role !== 'owner' && view.role !== 'writer') throw needPrivileges('writing events needs DAV:write-content on the calendar');
  // RFC 5545 §3.3.5: a floating time is the user's local time.
  const [series] = decodeCalendar(text, { singleUid: true, floatingZone: principal.user.timezone || 'UTC' });
  if (!series?.master) throw new DavError(403, caldavCondition('valid-calendar-object-resource'), 'the object holds no master VEVENT (without RECURRENCE-ID)');
  const calendarId = view.calendar.calendarId;
  const { identity, user } = principal;
  const named = await deps.objects.uidNamed(calendarId, name);
  if (named !== undefined && named !== series.uid && (await deps.objects.masterOf(identity.tenantKey, calendarId, named))) {
    throw new DavError(403, caldavCondition('valid-calendar-object-resource'), `this object's UID is ${named}; a PUT may not change it`);
  }
  const current = await deps.objects.get(identity, view.calendar, series.uid);
  // RFC 4791 §5.3.2.1: one UID, one object in a calendar.
  if (current && current.name !== name) throw new DavError(409, caldavCondition('no-uid-conflict', [dav('href', objectHref(user.userId, calendarId, current.name))]), `UID ${series.uid} is already in this calendar`);
  checkConditions(conditions, current?.etag);
  if (current && !current.organizes) return reply(deps, principal, calendarId, current, series);
  // The name to record for a new series: the client's, unless it is `{UID}.ics` and the UID has no other name (uidNamed found it so).
  const recordedName = name !== objectName(series.uid) || named !== series.uid ? name : undefined;
  const plan: AttendeePlan = { master: await planAttendees(deps, principal, series.master.attendees), overrides: new Map() };
  for (const override of series.overrides) plan.overrides.set(override.originalTime, await planAttendees(deps, principal, override.event.attendees));
  const recurring = series.master.input.recurrence !== '';
  // One PUT, one transaction: a refusal anywhere (an override, a room) leaves the object as it was.
  return deps.store.transaction(async (unit) => {
    const writes: Writes = { unit, events: deps.events.within(unit), attendees: deps.attendees.within(unit) };
    const masterId = current ? await updateMaster(writes, principal, calendarId, current.eventId, series) : await createMaster(writes, principal, calendarId, series, recordedName);
    // A new event has no attendees yet: nothing to compare, nothing to add when the text names none.
    if (current || plan.master.length > 0) await applyAttendees(writes, identity, calendarId, masterId, plan.master);
    // Without a rule there are no occurrences to override or cancel (and patching to none keeps what exceptions there were, as before).
    if (recurring) await writeExceptions(writes, principal, calendarId, masterId, series, plan.overrides);
    return current ? 'updated' : 'created';
  }, { tenantKey: identity.tenantKey });
}

async function updateMaster(writes: Writes, principal: Principal, calendarId: string, eventId: string, series: DecodedSeries): Promise<string> {
  const stored = await writes.unit.events.get(eventId);
  // A client PUTting back what it read (vdirsyncer, a moved alarm elsewhere) changes nothing: no change, no new ETag.
  if (!stored || !unchanged(stored, series.master!.input)) await writes.events.patch(principal.identity, calendarId, eventId, series.master!.input);
  return eventId;
}

/** `name`: the resource name to record for the UID, when it is not `{UID}.ics` alone. */
async function createMaster(writes: Writes, principal: Principal, calendarId: string, series: DecodedSeries, name: string | undefined): Promise<string> {
  const { identity } = principal;
  // A deleted series' UID is free again (migration 0027): the new series gets ids of its own.
  const created = await writes.events.create(identity, calendarId, series.master!.input);
  // The client's name is kept; a name left from a deleted series gives way.
  if (name !== undefined) await writes.unit.caldavNames.put(identity.tenantKey, calendarId, name, series.uid);
  return created.event.eventId;
}

/** Whether patching `stored` with `input` would leave its content as it is. */
function unchanged(stored: CalendarEvent, input: EventInput): boolean {
  const next = contentForPatch(stored, input) as unknown as Record<string, unknown>;
  const now = stored as unknown as Record<string, unknown>;
  return Object.keys(next).every((key) => JSON.stringify(next[key]) === JSON.stringify(now[key]));
}

/**
 * An attendee's copy: what the attendee may change is their own PARTSTAT
 * (RFC 6638 §3.2.2.1), which becomes a reply, as on REST. Anything else they
 * changed is the organizer's and is left as it is.
 */
async function reply(deps: CaldavDeps, principal: Principal, calendarId: string, current: CalendarObject, series: DecodedSeries): Promise<'updated'> {
  const { user } = principal;
  const mine = series.master?.attendees.find((a) => (a.larkcal ? a.larkcal.type === 'user' && a.larkcal.id === user.userId : a.email !== null && a.email === user.email.toLowerCase()));
  const status = mine?.rsvpStatus;
  if ((status === 'accept' || status === 'decline' || status === 'tentative') && status !== current.selfRsvp) {
    await deps.events.reply(principal.identity, calendarId, current.eventId, status);
  }
  return 'updated';
}

/**
 * The exceptions the text holds: overrides patch their occurrence (an
 * exception from then on) and take their own ATTENDEE list, EXDATEs cancel
 * theirs, and exceptions the text no longer holds return to the series.
 */
async function writeExceptions(writes: Writes, principal: Principal, calendarId: string, masterId: string, series: DecodedSeries, attendees: AttendeePlan['overrides']): Promise<void> {
  const master = await writes.unit.events.get(masterId);
  if (!master?.recurrence) return;
  const { identity } = principal;
  const overridden = new Set(series.overrides.map((o) => o.originalTime));
  const kept = new Set([...series.exdates, ...overridden]);
  const stored = new Map<number, CalendarEvent>();
  for (const exception of await writes.unit.events.exceptionsOf(master.seriesId)) {
    // A cancelled occurrence the text holds again starts afresh from the series.
    const revived = exception.status === 'cancelled' && overridden.has(exception.originalTime);
    if (!kept.has(exception.originalTime) || revived) await writes.events.delete(identity, calendarId, exception.eventId, { deleteException: true });
    else stored.set(exception.originalTime, exception);
  }
  for (const override of series.overrides) {
    // An occurrence takes no rule of its own (events.md §2.2).
    const input: EventInput = { ...override.event.input, recurrence: undefined };
    delete input.uid;
    const eventId = eventIdOf(master.seriesId, override.originalTime);
    const exception = stored.get(override.originalTime);
    if (!exception || !unchanged(exception, input)) await patchOccurrence(writes, principal, calendarId, eventId, input);
    await applyAttendees(writes, identity, calendarId, eventId, attendees.get(override.originalTime) ?? []);
  }
  for (const time of series.exdates) {
    if (stored.get(time)?.status === 'cancelled') continue;
    await writes.events.delete(identity, calendarId, eventIdOf(master.seriesId, time), { deleteException: false });
  }
}

/** RFC 4791 §5.3.2.1: a RECURRENCE-ID the series does not produce makes no valid object (the core says not_found). */
async function patchOccurrence(writes: Writes, principal: Principal, calendarId: string, eventId: string, input: EventInput): Promise<void> {
  try {
    await writes.events.patch(principal.identity, calendarId, eventId, input);
  } catch (error) {
    if (error instanceof DomainError && error.key === 'not_found:event') {
      throw new DavError(403, caldavCondition('valid-calendar-object-resource'), `RECURRENCE-ID of ${eventId}: no occurrence of the series starts then`);
    }
    throw error;
  }
}

export async function deleteObject(deps: CaldavDeps, principal: Principal, view: CalendarView, name: string, conditions: Conditions): Promise<void> {
  if (view.role !== 'owner' && view.role !== 'writer') throw needPrivileges('deleting events needs DAV:unbind on the calendar');
  const current = await deps.objects.named(principal.identity, view.calendar, name);
  checkConditions(conditions, current?.etag);
  if (!current) throw new DavError(404, undefined, 'no such calendar object');
  // An invitee removing their copy declines it, as Apple Calendar and Thunderbird mean by it; the organizer's event stays.
  if (!current.organizes) {
    if (current.selfRsvp !== 'decline') await deps.events.reply(principal.identity, view.calendar.calendarId, current.eventId, 'decline');
    return;
  }
  await deps.events.delete(principal.identity, view.calendar.calendarId, current.eventId, { deleteException: false });
  // The name stays recorded: sync-collection reports the removal under it, and a new series of the UID replaces it.
}
