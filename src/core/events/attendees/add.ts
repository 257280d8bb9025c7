/**
 * Adding attendees to one event row (events.md §2.6–§2.7, §3.12): the
 * organizer joins the list with the first attendees; users and chat members get
 * the event on their primary calendars; rooms are booked or declined on the spot,
 * or, when rooms book asynchronously, wait `needs_action` in the queue that
 * rooms/settlement.ts decides.
 */
import { invalid } from '../../errors.js';
import type { Needs } from '../../ports.js';
import type { RoomBooking } from '../../rooms/booking-mode.js';
import type { IdentityKey } from '../../tenancy/model.js';
import type { Attendee, CalendarEvent } from '../model.js';
import { userAttendeeId } from './ids.js';
import { place, primaryCalendarOf } from './placements.js';
import { recordAttendeeChange } from './record.js';
import type { AttendeeDraft } from './resolve.js';
import { checkRoomSeriesSpan, tryBookRoom } from './rooms.js';
import { withBuiltInMeeting } from '../meeting-url.js';

/** Attendees per event, rooms included (events.md §7). */
const MAX_PER_EVENT = 3000;

export async function addAttendees(
  repos: Needs<'events' | 'attendees' | 'calendars' | 'changes' | 'tenancy' | 'roomBookings'>,
  event: CalendarEvent, drafts: readonly AttendeeDraft[], actor: IdentityKey, at: number, booking: RoomBooking,
): Promise<void> {
  const existing = new Map((await repos.attendees.list(event.eventId, { includeRemoved: true, offset: 0, limit: 100_000 })).map((a) => [a.attendeeId, a]));
  const liveCount = [...existing.values()].filter((a) => !a.removed).length;
  // An attendee already present stays as it is (events.md §3.12, recommended).
  const fresh: AttendeeDraft[] = drafts.filter((d) => existing.get(d.attendeeId)?.removed ?? true);
  if (fresh.length === 0) return;
  const withOrganizer = await withOrganizerRow(repos, event, fresh, [...existing.values()]);
  if (liveCount + withOrganizer.length > MAX_PER_EVENT) throw invalid('attendees', `an event has at most ${MAX_PER_EVENT} attendees`);
  if (withOrganizer.some((d) => d.type === 'resource')) checkRoomSeriesSpan(event);

  let seq = await repos.attendees.maxSeq(event.eventId);
  const addedTo: string[] = [];
  const note = (calendarId: string | undefined, placed: boolean) => { if (placed && calendarId) addedTo.push(calendarId); };
  for (const draft of withOrganizer) {
    const { user, chat, room, joinsListOnly, ...fields } = draft;
    const row: Attendee = { ...fields, eventId: event.eventId, seq: ++seq };
    // External means of another tenant than the event's, whoever invites (events.md §2.7).
    if (user) row.isExternal = user.tenantKey !== event.tenantKey;
    if (row.type === 'resource' && room && booking.mode === 'async') {
      // Not placed on the room's calendar until accepted: a pending booking blocks nobody (settlement.ts).
      row.rsvpStatus = 'needs_action';
      await repos.roomBookings.enqueue({ eventId: event.eventId, attendeeId: row.attendeeId, roomId: room.roomId, dueAt: at + booking.delayMs, requestedBy: actor });
    } else if (row.type === 'resource' && room) {
      const booked = await tryBookRoom(repos, event, room);
      row.rsvpStatus = booked ? 'accept' : 'decline';
      if (booked) note(room.calendarId, await place(repos, event, room.calendarId, 'room'));
    }
    await repos.attendees.put(row);
    // The organizer row joins the list only; the organizer already has the event.
    if (row.type === 'user' && row.userRef && !joinsListOnly) {
      const calendarId = await primaryCalendarOf(repos, row.userRef);
      if (calendarId) note(calendarId, await place(repos, event, calendarId, 'attendee'));
    }
    if (row.type === 'chat' && chat) {
      for (const userRef of chat.memberRefs) {
        const isOrganizer = event.organizer === `user:${userRef}`;
        await repos.attendees.putChatMember({ eventId: event.eventId, attendeeId: row.attendeeId, userRef, rsvpStatus: isOrganizer ? 'accept' : 'needs_action' });
        const calendarId = await primaryCalendarOf(repos, userRef);
        if (calendarId) note(calendarId, await place(repos, event, calendarId, 'attendee'));
      }
    }
  }
  // The first invitee brings the built-in meeting's URL (meeting-url.ts); the change below stores it with the row.
  const withMeeting: CalendarEvent = { ...event, videoMeeting: withBuiltInMeeting(event.videoMeeting, event.seriesId) };
  await recordAttendeeChange(repos, withMeeting, actor, at, { kind: 'event.attendeesAdded', eventId: event.eventId, attendeeIds: withOrganizer.map((d) => d.attendeeId), addedTo });
}

/**
 * The organizer shows in the list as `is_organizer: true`, `accept` once there
 * are attendees (events.md §2.6, FAQ): added with the first ones unless present.
 * A user organizer only: an app's bot is not a user attendee.
 */
async function withOrganizerRow(repos: Needs<'tenancy'>, event: CalendarEvent, fresh: AttendeeDraft[], existing: Attendee[]): Promise<AttendeeDraft[]> {
  if (!event.organizer.startsWith('user:')) return fresh;
  const organizer = await repos.tenancy.getUser(event.organizer.slice(5));
  if (!organizer) return fresh;
  const organizerId = userAttendeeId(organizer.number);
  const marked = fresh.map((d) => (d.attendeeId === organizerId ? { ...d, isOrganizer: true, rsvpStatus: 'accept' as const } : d));
  if (marked.some((d) => d.attendeeId === organizerId) || existing.some((a) => a.attendeeId === organizerId && !a.removed)) return marked;
  const row: AttendeeDraft = {
    attendeeId: organizerId, type: 'user', userRef: organizer.ref, chatId: null, roomId: null, email: null, rsvpStatus: 'accept',
    isOptional: false, isOrganizer: true, isExternal: false, displayName: organizer.name, operateRef: null, approvalReason: '',
    resourceCustomization: [], removed: false, joinsListOnly: true,
  };
  return [row, ...marked];
}
