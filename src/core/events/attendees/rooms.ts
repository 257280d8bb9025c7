/**
 * Room booking (events.md §2.7). Feishu decides asynchronously and answers
 * `needs_action` first; larkcal does so with `--room-booking async`
 * (rooms/settlement.ts), and by default decides inside the add transaction, so
 * a room is `accept` (booked) or `decline` (taken) by the time the call
 * returns. Either way the decision is made here, holding the room's lock, so
 * two requests racing for one slot cannot both win.
 */
import { invalid } from '../../errors.js';
import type { Needs } from '../../ports.js';
import type { Room } from '../../tenancy/model.js';
import type { CalendarEvent } from '../model.js';
import { occurrencesBetween } from '../recurrence/expand.js';
import { storedRecurrence } from '../recurrence/rrule.js';

export interface Slot {
  start: number;
  end: number;
}

/** A series with a room may span at most two years ([FNS-create]; 190002, events.md §5.12). */
export function checkRoomSeriesSpan(event: CalendarEvent): void {
  if (!event.recurrence) return;
  const limit = new Date(event.firstStart * 1000);
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  if (event.lastEnd > limit.getTime() / 1000) throw invalid('recurrence', 'a series with a meeting room may not span more than two years', event.recurrence);
}

/**
 * The times an event holds within [from, to): a one-off its own span; a series
 * master its occurrences, except the slots its exceptions have taken over
 * (each exception is a placed event of its own).
 */
export async function slotsOf(repos: Needs<'events'>, event: CalendarEvent, from: number, to: number): Promise<Slot[]> {
  if (!event.recurrence) return event.firstStart < to && event.lastEnd > from ? [{ start: event.firstStart, end: event.lastEnd }] : [];
  const taken = new Set((await repos.events.exceptionsOf(event.seriesId)).map((e) => e.originalTime));
  const series = { start: event.start, end: event.end, rule: storedRecurrence(event.recurrence) };
  return occurrencesBetween(series, from, to).filter((o) => !taken.has(o.originalTime)).map((o) => ({ start: o.startTs, end: o.endTs }));
}

/** Pure matcher: does any slot of `a` overlap any slot of `b`? Both in start order. */
export function overlaps(a: readonly Slot[], b: readonly Slot[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.start < y.end && y.start < x.end) return true;
    if (x.end <= y.end) i++;
    else j++;
  }
  return false;
}

/**
 * Books `room` for `event` when no other live booking on the room's calendar
 * overlaps it: true = booked (`accept`), false = taken (`decline`). Call inside
 * the transaction that stores the outcome.
 */
export async function tryBookRoom(repos: Needs<'events' | 'attendees'>, event: CalendarEvent, room: Room): Promise<boolean> {
  await repos.attendees.lockRoom(room.roomId);
  const mine = await slotsOf(repos, event, event.firstStart, event.lastEnd);
  return roomFreeFor(repos, room, mine, event.seriesId);
}

/**
 * Whether the room is free for every one of `mine` (in start order): no live
 * booking on its calendar overlaps any of them. The one notion of "booked",
 * shared by booking (above) and room finding (availability/room-find.ts).
 * `ownSeries`: a series that does not compete with itself.
 */
export async function roomFreeFor(repos: Needs<'events'>, room: Room, mine: readonly Slot[], ownSeries?: string): Promise<boolean> {
  if (mine.length === 0) return true;
  const from = mine[0]!.start;
  const to = Math.max(...mine.map((s) => s.end));
  // Indexed prefilter, then the exact comparison of occurrences.
  const candidates = await repos.events.listOverlapping(room.calendarId, from, to);
  for (const { event: other } of candidates) {
    // Cancelled events free their room.
    if (other.status === 'cancelled' || other.seriesId === ownSeries) continue;
    if (overlaps(mine, await slotsOf(repos, other, from, to))) return false;
  }
  return true;
}

/**
 * After an event's times or recurrence change, every room it holds is weighed
 * again: a series longer than two years is refused (190002, the whole change
 * rolls back); a room now taken by someone else is released (`decline`).
 * A booking still pending stays so: it is weighed at its settlement, with the
 * event's times as they are then. Returns the calendars the event left.
 */
export async function recheckRooms(repos: Needs<'events' | 'attendees' | 'tenancy'>, event: CalendarEvent): Promise<string[]> {
  const live = (await repos.attendees.roomsOf([event.eventId])).filter((a) => (a.rsvpStatus === 'accept' || a.rsvpStatus === 'needs_action') && a.roomId);
  if (live.length === 0) return [];
  checkRoomSeriesSpan(event);
  const rooms = live.filter((a) => a.rsvpStatus === 'accept');
  const released: string[] = [];
  for (const attendee of rooms) {
    const room = await repos.tenancy.getRoom(attendee.roomId!);
    if (!room || (await tryBookRoom(repos, event, room))) continue;
    await repos.attendees.put({ ...attendee, rsvpStatus: 'decline' });
    const placement = await repos.events.getPlacement(room.calendarId, event.eventId);
    if (placement && !placement.removed) {
      await repos.events.putPlacement({ ...placement, removed: true });
      released.push(room.calendarId);
    }
  }
  return released;
}
