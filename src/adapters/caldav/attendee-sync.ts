/**
 * ATTENDEEs of a written object → the event's attendee list, through the
 * attendee use cases REST runs (issue #10 §3): an address of a tenant user
 * invites that user, a CUTYPE=ROOM naming a room (by larkcal's own id, or by
 * its name as CN) books it, any other address is an email guest. Attendees the
 * new text drops are removed, except the organizer's own row. Ids follow core/events/attendees/ids.ts, so a
 * round trip changes nothing.
 */
import { DomainError } from '../../core/errors.js';
import { chatAttendeeId, emailAttendeeId, roomAttendeeId, userAttendeeId } from '../../core/events/attendees/ids.js';
import type { AttendeeService } from '../../core/events/attendee-service.js';
import type { AttendeeInput } from '../../core/events/attendees/resolve.js';
import type { DecodedAttendee } from '../../core/icalendar/index.js';
import type { Needs } from '../../core/ports.js';
import type { Identity } from '../../core/tenancy/model.js';
import type { Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { caldavCondition, DavError } from './errors.js';

export interface PlannedAttendee {
  attendeeId: string;
  input: AttendeeInput;
}

/** Resolves every ATTENDEE before anything is written; one that names nothing we can invite refuses the object. */
export async function planAttendees(deps: CaldavDeps, principal: Principal, attendees: readonly DecodedAttendee[]): Promise<PlannedAttendee[]> {
  const { tenantKey } = principal.identity;
  const planned = new Map<string, PlannedAttendee>();
  const emails = attendees.flatMap((a) => (a.email && !a.larkcal ? [a.email] : []));
  const users = new Map((emails.length > 0 ? await deps.store.tenancy.findUsersByEmails(tenantKey, emails) : []).map((u) => [u.email.toLowerCase(), u]));
  let rooms: Awaited<ReturnType<CaldavDeps['store']['tenancy']['listRooms']>> | undefined;
  for (const attendee of attendees) {
    const isOptional = attendee.isOptional;
    const mark = attendee.larkcal;
    let plan: PlannedAttendee | undefined;
    if (mark?.type === 'user') {
      const user = await deps.store.tenancy.findUserByUserId(tenantKey, mark.id);
      if (user) plan = { attendeeId: userAttendeeId(user.number), input: { type: 'user', userId: user.userId, isOptional } };
    } else if (mark?.type === 'chat') {
      plan = { attendeeId: chatAttendeeId(mark.id), input: { type: 'chat', chatId: mark.id, isOptional } };
    } else if (mark?.type === 'resource' || attendee.cutype === 'ROOM') {
      rooms ??= await deps.store.tenancy.listRooms(tenantKey);
      const room = rooms.find((r) => (mark ? r.roomId === mark.id : r.name === attendee.name));
      if (!room) throw new DavError(403, caldavCondition('valid-calendar-object-resource'), `ATTENDEE ${attendee.address}: no room of this tenant is named ${attendee.name || '(no CN)'}`);
      plan = { attendeeId: roomAttendeeId(room.roomId), input: { type: 'resource', roomId: room.roomId } };
    } else if (attendee.email) {
      const user = users.get(attendee.email);
      plan = user
        ? { attendeeId: userAttendeeId(user.number), input: { type: 'user', userId: user.userId, isOptional } }
        : { attendeeId: emailAttendeeId(attendee.email), input: { type: 'third_party', email: attendee.email, isOptional } };
    }
    if (plan) planned.set(plan.attendeeId, plan);
  }
  return [...planned.values()];
}

/** The attendee use cases of one write, and where its reads go (the write's transaction). */
export interface AttendeeWrites {
  unit: Needs<'attendees'>;
  attendees: AttendeeService;
}

/** Adds the planned attendees the event lacks and removes those the object no longer names. */
export async function applyAttendees(writes: AttendeeWrites, identity: Identity, calendarId: string, eventId: string, planned: readonly PlannedAttendee[]): Promise<void> {
  const current = await writes.unit.attendees.list(eventId, { includeRemoved: false, offset: 0, limit: 10_000 });
  const have = new Set(current.map((a) => a.attendeeId));
  const wanted = new Set(planned.map((p) => p.attendeeId));
  const added = planned.filter((p) => !have.has(p.attendeeId)).map((p) => p.input);
  // The organizer's row is the core's (REST lists the organizer, as Feishu does); an object that does not name them keeps it.
  const dropped = current.filter((a) => !wanted.has(a.attendeeId) && !a.isOrganizer).map((a) => a.attendeeId);
  try {
    if (added.length > 0) await writes.attendees.add(identity, calendarId, eventId, added, 'user_id', { addOperator: false });
    if (dropped.length > 0) await writes.attendees.remove(identity, calendarId, eventId, dropped, [], 'user_id');
  } catch (error) {
    // An ATTENDEE naming what the core cannot invite (a chat it does not know) makes the object invalid, not a missing resource.
    if (error instanceof DomainError && error.key === 'not_found:attendee') throw new DavError(403, caldavCondition('valid-calendar-object-resource'), describe(error));
    throw error;
  }
}

function describe(error: DomainError): string {
  return `ATTENDEE refused: ${error.violations.map((v) => `${v.field} ${v.value ?? ''}: ${v.description}`).join('; ') || error.key}`;
}
