/**
 * The availability bench's data set (the performance section): a
 * tenant of 200 users per scale step and 20 rooms, and 100,000 events per
 * scale step over one year on the users' primary calendars, 20% of them
 * series (DAILY or WEEKLY, ending with UNTIL within the year) with some
 * occurrences moved or cancelled.
 *
 * Written through bulk-writer.ts inside large transactions, not the HTTP API
 * (one request per event would take hours at 1M). The rows are those the
 * create and attendee paths write — content from `contentForCreate`, derived
 * columns from `spanOf` and the repositories' row mappers, attendee ids from
 * attendees/ids.ts, exceptions from `materializeException` — without the
 * change log, which reads never touch.
 *
 * Users grow with the scale so that a calendar holds as many events a week at
 * 1M as at 100k: with 200 users, 1M events would put ~100 events a working day
 * on every calendar and a 14-day batch past MAX_ITEMS (190014) — a different
 * answer, not the same answer over a bigger store.
 */
import type { Store, Repositories } from '../src/core/ports.js';
import type { Fixture, FixtureRoom } from '../src/core/tenancy/fixture.js';
import { ALL_DEMO_SCOPES } from '../src/core/tenancy/scopes.js';
import type { Room, User } from '../src/core/tenancy/model.js';
import { roomAttendeeId, userAttendeeId } from '../src/core/events/attendees/ids.js';
import { materializeException } from '../src/core/events/exceptions.js';
import { eventIdOf, newEventUid } from '../src/core/events/ids.js';
import { contentForCreate, spanOf } from '../src/core/events/input.js';
import type { Attendee, CalendarEvent, RsvpStatus } from '../src/core/events/model.js';
import { occurrencesBetween } from '../src/core/events/recurrence/expand.js';
import { parseRecurrence } from '../src/core/events/recurrence/rrule.js';
import { BulkWriter } from './bulk-writer.js';

export const AVAILABILITY_TENANT = 'av41lab1l1ty00000';
export const AVAILABILITY_APP = { app_id: 'cli_a7a11ab111770000', app_secret: 'availability-secret-0123456789' } as const;
export const USERS_PER_SCALE = 200;
export const ROOMS = 20;
export const EVENTS_PER_SCALE = 100_000;
const ZONE = 'Asia/Shanghai';
const DAY = 86400;
/** Monday 2026-01-05 00:00 in Asia/Shanghai: the year runs 52 weeks from here. */
export const YEAR_START = Date.UTC(2026, 0, 4, 16) / 1000;
export const YEAR_DAYS = 364;
/** Events per transaction: big enough that commits cost nothing. */
const BATCH = 20_000;

export interface AvailabilityData {
  userIds: string[];
  roomIds: string[];
  counts: { events: number; series: number; exceptions: number; placements: number; attendees: number; roomBookings: number };
  seconds: number;
}

/** A small seeded generator (mulberry32): the same scale gives the same data set. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function availabilityFixture(scale: number): Fixture {
  const users = Array.from({ length: USERS_PER_SCALE * scale }, (_, i) => ({ user_id: `av${i}`, name: `Avail ${i}`, email: `av${i}@avail.example` }));
  const cities = ['Beijing', 'Shanghai'];
  const rooms: FixtureRoom[] = Array.from({ length: ROOMS }, (_, i) => ({
    room_id: `omm_av${i}`, name: `Room ${i}`, capacity: 4 + (i % 4) * 4,
    city: cities[i % 2]!, building: `B${Math.floor(i / 10) + 1}`, floor: `F${(i % 5) + 1}`,
  }));
  return {
    tenants: [{
      tenant_key: AVAILABILITY_TENANT, name: 'Availability', domain: 'avail', users, rooms,
      apps: [{ ...AVAILABILITY_APP, name: 'Availability', bot: true, scopes: [...ALL_DEMO_SCOPES] }],
    }],
  };
}

const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;

function rsvpOf(rnd: () => number): RsvpStatus {
  const r = rnd();
  return r < 0.6 ? 'accept' : r < 0.75 ? 'needs_action' : r < 0.85 ? 'tentative' : 'decline';
}

const untilText = (ts: number) => new Date(ts * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

interface Person { user: User; calendarId: string }

/** Half-hour slots each room is booked for: a room is added only where it is free (one-off events). */
class RoomBook {
  private readonly taken = new Map<string, Set<number>>();

  tryBook(room: Room, start: number, end: number): boolean {
    let slots = this.taken.get(room.roomId);
    if (!slots) this.taken.set(room.roomId, (slots = new Set()));
    const first = Math.floor(start / 1800);
    const last = Math.ceil(end / 1800);
    for (let s = first; s < last; s++) if (slots.has(s)) return false;
    for (let s = first; s < last; s++) slots.add(s);
    return true;
  }
}

function attendeeRow(event: CalendarEvent, seq: number, fields: Partial<Attendee> & Pick<Attendee, 'attendeeId' | 'type' | 'displayName' | 'rsvpStatus'>): Attendee {
  return {
    eventId: event.eventId, seq, userRef: null, chatId: null, roomId: null, email: null, isOptional: false, isOrganizer: false,
    isExternal: false, operateRef: null, approvalReason: '', resourceCustomization: [], removed: false, ...fields,
  };
}

class Generator {
  readonly counts = { events: 0, series: 0, exceptions: 0, placements: 0, attendees: 0, roomBookings: 0 };
  private readonly book = new RoomBook();

  constructor(private readonly rnd: () => number, private readonly people: Person[], private readonly rooms: Room[]) {}

  /** One event as create + attendee add would leave it: organizer row, user attendees, maybe a room. */
  async event(repos: Repositories): Promise<void> {
    const rnd = this.rnd;
    const organizer = pick(rnd, this.people);
    const recurring = rnd() < 0.2;
    const allDay = !recurring && rnd() < 0.02;
    const day = Math.floor(rnd() * YEAR_DAYS);
    // Mostly working days: a weekend day moves to the Friday before.
    const weekday = day % 7;
    const workDay = weekday >= 5 && rnd() < 0.9 ? day - (weekday - 4) : day;
    const start = YEAR_START + workDay * DAY + (9 + Math.floor(rnd() * 9)) * 3600 + (rnd() < 0.5 ? 0 : 1800);
    const end = start + pick(rnd, [1800, 3600, 3600, 5400, 7200]);
    let recurrence: string | undefined;
    if (recurring) {
      const daily = rnd() < 1 / 3;
      const weeks = daily ? 1 + Math.floor(rnd() * 3) : 4 + Math.floor(rnd() * 22);
      const until = Math.min(start + weeks * 7 * DAY, YEAR_START + YEAR_DAYS * DAY - 1);
      recurrence = `FREQ=${daily ? 'DAILY' : 'WEEKLY'};UNTIL=${untilText(until)}`;
    }
    const date = (ts: number) => new Date((ts + 8 * 3600) * 1000).toISOString().slice(0, 10);
    const content = contentForCreate({
      summary: `Meeting ${this.counts.events}`,
      start: allDay ? { date: date(start) } : { timestamp: String(start), timezone: ZONE },
      end: allDay ? { date: date(start) } : { timestamp: String(end), timezone: ZONE },
      ...(recurrence && { recurrence }),
      freeBusyStatus: rnd() < 0.05 ? 'free' : 'busy',
    });
    const { firstStart, lastEnd } = spanOf(content);
    const uid = newEventUid();
    const event: CalendarEvent = {
      ...content, eventId: eventIdOf(uid, 0), seriesId: uid, uid, originalTime: 0, tenantKey: AVAILABILITY_TENANT, organizerCalendarId: organizer.calendarId,
      organizer: `user:${organizer.user.ref}`, status: 'confirmed', isException: false, createTime: YEAR_START, version: 1, firstStart, lastEnd,
    };
    await repos.events.insert(event);
    const place = async (calendarId: string, reason: 'organizer' | 'attendee' | 'room') => {
      await repos.events.putPlacement({ calendarId, eventId: event.eventId, reason, removed: false, version: 1, firstStart, lastEnd });
      this.counts.placements++;
    };
    await place(organizer.calendarId, 'organizer');
    this.counts.events++;
    if (recurring) this.counts.series++;
    if (allDay) return;

    // The organizer joins the list with the first attendees (attendees/add.ts, withOrganizerRow).
    let seq = 0;
    const put = async (a: Attendee) => { await repos.attendees.put(a); this.counts.attendees++; };
    await put(attendeeRow(event, ++seq, {
      attendeeId: userAttendeeId(organizer.user.number), type: 'user', userRef: organizer.user.ref, displayName: organizer.user.name,
      rsvpStatus: 'accept', isOrganizer: true,
    }));
    const invited = new Set<Person>([organizer]);
    const wanted = 2 + Math.floor(rnd() * 5);
    while (invited.size < wanted + 1) invited.add(pick(rnd, this.people));
    for (const person of [...invited].slice(1)) {
      await put(attendeeRow(event, ++seq, {
        attendeeId: userAttendeeId(person.user.number), type: 'user', userRef: person.user.ref, displayName: person.user.name, rsvpStatus: rsvpOf(rnd),
      }));
      await place(person.calendarId, 'attendee');
    }
    if (!recurring && rnd() < 0.3) {
      const room = pick(rnd, this.rooms);
      if (this.book.tryBook(room, start, end)) {
        await put(attendeeRow(event, ++seq, { attendeeId: roomAttendeeId(room.roomId), type: 'resource', roomId: room.roomId, displayName: room.name, rsvpStatus: 'accept' }));
        await place(room.calendarId, 'room');
        this.counts.roomBookings++;
      }
    }
    if (recurring && rnd() < 0.3) await this.exceptions(repos, event);
  }

  /** One or two occurrences moved by an hour or cancelled, as PATCH / DELETE of an occurrence leave them (event-service.ts). */
  private async exceptions(repos: Repositories, master: CalendarEvent): Promise<void> {
    const all = occurrencesBetween({ start: master.start, end: master.end, rule: parseRecurrence(master.recurrence) }, master.firstStart, master.lastEnd);
    const n = Math.min(all.length, 1 + Math.floor(this.rnd() * 2));
    for (let i = 0; i < n; i++) {
      const occurrence = all[Math.floor(this.rnd() * all.length)]!;
      if (await repos.events.get(eventIdOf(master.seriesId, occurrence.originalTime))) continue;
      const exception = await materializeException(repos, master, occurrence.originalTime, 1);
      if (this.rnd() < 0.5) {
        await repos.events.update({ ...exception, status: 'cancelled' });
      } else {
        const moved = { ...exception, start: { ...occurrence.start, ts: occurrence.startTs + 3600 }, end: { ...occurrence.end, ts: occurrence.endTs + 3600 } } as CalendarEvent;
        const { firstStart, lastEnd } = spanOf(moved);
        await repos.events.update({ ...moved, firstStart, lastEnd });
        await repos.events.updatePlacementSpans(moved.eventId, firstStart, lastEnd);
      }
      this.counts.exceptions++;
    }
  }
}

async function peopleOf(store: Store, userIds: readonly string[]): Promise<Person[]> {
  const people: Person[] = [];
  for (const id of userIds) {
    const user = await store.tenancy.findUserByUserId(AVAILABILITY_TENANT, id);
    const calendar = user && (await store.calendars.primaryOf(`user:${user.ref}`));
    if (!user || !calendar) throw new Error(`availability user ${id} or their primary calendar is missing`);
    people.push({ user, calendarId: calendar.calendarId });
  }
  return people;
}

/**
 * Fills the SQLite file of a store that already holds `availabilityFixture(scale)`:
 * reads the users and rooms through the store, closes it, then writes the
 * events through the bulk writer.
 */
export async function generateAvailabilityData(store: Store, file: string, scale: number, progress: (line: string) => void = () => {}, total = EVENTS_PER_SCALE * scale): Promise<AvailabilityData> {
  const began = performance.now();
  const userIds = Array.from({ length: USERS_PER_SCALE * scale }, (_, i) => `av${i}`);
  const rooms = await store.tenancy.listRooms(AVAILABILITY_TENANT);
  const people = await peopleOf(store, userIds);
  await store.close();
  const writer = new BulkWriter(file);
  const repos = writer.repositories();
  const generator = new Generator(random(20260105 + scale), people, rooms);
  try {
    for (let done = 0; done < total; done += BATCH) {
      await writer.batch(async () => {
        for (let i = done; i < Math.min(done + BATCH, total); i++) {
          await generator.event(repos);
          writer.forget();
        }
      });
      if ((done + BATCH) % (BATCH * 5) === 0) progress(`  ${done + BATCH} events, ${((performance.now() - began) / 1000).toFixed(0)} s`);
    }
  } finally {
    writer.close();
  }
  return { userIds, roomIds: rooms.map((r) => r.roomId), counts: generator.counts, seconds: (performance.now() - began) / 1000 };
}
