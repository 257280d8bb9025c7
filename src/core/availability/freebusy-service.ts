/**
 * Free/busy of one user or room (calendars.md §5.2) and of several users
 * (§5.3). Every input is checked first; then, per calendar, the indexed range
 * prefilter (`listOverlapping`) and a few batched reads (exception slots, the
 * owner's replies and personal settings) feed the pure rules in freebusy.ts.
 * No calendar role is needed: free/busy is read by user or room, within the
 * caller's tenant (§5.1).
 */
import { DomainError, invalid, type ErrorKey } from '../errors.js';
import { isSeriesMaster } from '../events/queries/instances.js';
import type { CalendarEvent } from '../events/model.js';
import type { BusyCandidate, BusyEvent, PlacedEvent } from '../events/ports.js';
import type { StoredExpansion } from '../events/recurrence/stored.js';
import { MAX_TIMESTAMP } from '../events/time.js';
import type { Needs } from '../ports.js';
import { Directory } from '../tenancy/directory.js';
import type { Identity, User, UserIdType } from '../tenancy/model.js';
import { freeBusy, tooManyItems, MAX_ITEMS, type BusyItem, type FreeBusyCalendar, type Standing, type Window } from './freebusy.js';
import { ceilSeconds, parseRfc3339, type Offset } from './freebusy-time.js';

const DAY = 86400;
/** `time_max − time_min` ≤ 90 days (list, §5.2) and ≤ 2 weeks (batch, §5.3). */
export const LIST_MAX_SPAN = 90 * DAY;
export const BATCH_MAX_SPAN = 14 * DAY;
export const BATCH_MAX_USERS = 10;

export interface FreeBusyQuery {
  timeMin: string;
  timeMax: string;
  onlyBusy: boolean;
  /** Count the user's bound third-party (Exchange) calendars too; the documented default is true (§5.2). */
  includeExternalCalendar: boolean;
  userIdType: UserIdType;
}

export interface ListRequest extends FreeBusyQuery {
  userId?: string;
  roomId?: string;
}

export interface BatchRequest extends FreeBusyQuery {
  userIds: readonly string[];
}

export interface FreeBusyAnswer {
  /** The offset of `time_min`: item times are written in it. */
  offset: Offset;
  items: BusyItem[];
}

export interface BatchAnswer {
  offset: Offset;
  lists: Array<{ userId: string; items: BusyItem[] }>;
}

/**
 * How a bad window is reported. `list` documents only 190014 (§5.2); `batch`
 * has its own codes: 198002 format, 198003 range, 198004 zone (§5.3).
 */
type Dialect = 'list' | 'batch';
const BATCH_REASONS = { format: 'invalid:time_format', range: 'invalid:time_range', zone: 'invalid:time_zone' } as const satisfies Record<string, ErrorKey>;

function windowError(dialect: Dialect, kind: keyof typeof BATCH_REASONS, field: string, description: string, value: string): DomainError {
  if (dialect === 'list') return invalid(field, description, value);
  return new DomainError(BATCH_REASONS[kind], [{ field, description, value }]);
}

export function windowOf(request: FreeBusyQuery, dialect: Dialect, maxSpan: number): { window: Window; offset: Offset } {
  const min = parseRfc3339(request.timeMin);
  const max = parseRfc3339(request.timeMax);
  for (const [field, parsed, text] of [['time_min', min, request.timeMin], ['time_max', max, request.timeMax]] as const) {
    if (parsed === 'format') throw windowError(dialect, 'format', field, `${field} must be an RFC 3339 date-time such as 2020-10-28T12:00:00+08:00`, text);
    if (parsed === 'zone') throw windowError(dialect, 'zone', field, `${field} must end in a time zone offset: Z or ±hh:mm`, text);
  }
  if (typeof min === 'string' || typeof max === 'string') throw new Error('unreachable');
  const window = { from: min.seconds, to: ceilSeconds(max) };
  const range = (description: string) => windowError(dialect, 'range', 'time_max', description, request.timeMax);
  if (window.from < 0 || window.to > MAX_TIMESTAMP) throw range('times must lie between 1970 and 2500');
  if (window.to <= window.from) throw range('time_max must be after time_min');
  if (window.to - window.from > maxSpan) throw range(`time_max − time_min may be at most ${maxSpan / DAY} days`);
  return { window, offset: min.offset };
}

export class FreeBusyService {
  private readonly directory: Directory;

  // Time-off needs no seam of its own: a leave is an ordinary busy event on the user's primary calendar.
  constructor(private readonly store: Needs<'calendars' | 'events' | 'attendees' | 'tenancy' | 'exchange'>) {
    this.directory = new Directory(store);
  }

  /** One user's primary calendar, or one room's; `user_id` wins when both are given (§5.2). */
  async list(identity: Identity, request: ListRequest): Promise<FreeBusyAnswer> {
    const { window, offset } = windowOf(request, 'list', LIST_MAX_SPAN);
    if (request.userId) {
      const user = await this.userOf(identity, request.userId, request.userIdType);
      return { offset, items: await this.ofUser(user, window, request.onlyBusy, request.includeExternalCalendar) };
    }
    if (request.roomId) return { offset, items: await this.ofRoom(identity, request.roomId, window, request.onlyBusy) };
    throw invalid('user_id', 'either user_id or room_id is required');
  }

  /** 1–10 users' primary calendars (§5.3): the answer follows the request's order, one list per id. */
  async batch(identity: Identity, request: BatchRequest): Promise<BatchAnswer> {
    if (request.userIds.length === 0 || request.userIds.length > BATCH_MAX_USERS) throw new DomainError('limit:user_ids');
    const { window, offset } = windowOf(request, 'batch', BATCH_MAX_SPAN);
    const users = [];
    for (const id of request.userIds) users.push(await this.userOf(identity, id, request.userIdType));
    const lists = [];
    for (const [i, user] of users.entries()) lists.push({ userId: request.userIds[i]!, items: await this.ofUser(user, window, request.onlyBusy, request.includeExternalCalendar) });
    return { offset, lists };
  }

  /** One user's busy periods (`only_busy`, external calendars included) over a window: what suggestions weigh, by the same rules as list. */
  busyOf(user: User, window: Window): Promise<BusyItem[]> {
    return this.ofUser(user, window, true, true);
  }

  /** A user of another tenant, or none, fails the call (195100, §1.4). */
  private async userOf(identity: Identity, id: string, type: UserIdType): Promise<User> {
    const user = await this.directory.resolveUser(identity, id, type);
    if (!user) throw new DomainError('not_found:user', [{ field: 'user_id', description: 'no such user in the tenant', value: id }]);
    return user;
  }

  /**
   * The user's primary calendar and, with `includeExternal`, the calendars of
   * their Exchange bindings (an unbound one is no longer among them): one list,
   * in time order, under one item budget.
   */
  private async ofUser(user: User, window: Window, onlyBusy: boolean, includeExternal: boolean): Promise<BusyItem[]> {
    const primary = await this.store.calendars.primaryOf(`user:${user.ref}`);
    const calendarIds = primary && !primary.deleted ? [primary.calendarId] : [];
    if (includeExternal) calendarIds.push(...(await this.store.exchange.calendarsOfUser(user.ref)));
    const items: BusyItem[] = [];
    for (const calendarId of calendarIds) items.push(...(await this.ofCalendar(user, calendarId, window, onlyBusy)));
    if (items.length > MAX_ITEMS) throw tooManyItems();
    return calendarIds.length > 1 ? items.sort((a, b) => a.start - b.start || a.end - b.end) : items;
  }

  private async ofCalendar(user: User, calendarId: string, window: Window, onlyBusy: boolean): Promise<BusyItem[]> {
    const owner = `user:${user.ref}` as const;
    const candidates = await this.store.events.listBusyCandidates(calendarId, window.from - DAY, window.to + DAY, { ref: user.ref, identity: owner });
    const events = candidates.map((c) => c.event);
    // Each series' copy lists the slots its exceptions hold (event.repository's busyOf).
    const taken = new Map(candidates.filter((c) => isSeriesMaster(c.event)).map((c) => [c.event.seriesId, new Set(c.taken)]));
    const standings = new Map<string, Standing>();
    for (const c of candidates) {
      // A direct invitation speaks louder than one through a chat (as self_rsvp_status does);
      // organizers (and events on the calendar for any other reason) stand as `accept`.
      standings.set(c.event.eventId, { rsvp: c.ownRsvp ?? c.chatRsvp ?? 'accept', freeBusy: c.ownFreeBusy ?? c.event.freeBusyStatus });
    }
    const calendar: FreeBusyCalendar = {
      events, expansions: expansionsOf(candidates), taken, allDayZone: user.timezone,
      standingOf: (event) => standings.get(event.eventId)!,
    };
    const items = freeBusy(calendar, window, onlyBusy);
    if (items.length > MAX_ITEMS) throw tooManyItems();
    return items;
  }

  /**
   * A room is busy whenever it is booked: a booking shows on the room's calendar
   * only once accepted, and the organizer's `free` mark does not free the room
   * (bookings are weighed without it). All-day dates read in UTC, as bookings are.
   */
  private async ofRoom(identity: Identity, roomId: string, window: Window, onlyBusy: boolean): Promise<BusyItem[]> {
    const room = await this.store.tenancy.getRoom(roomId);
    if (!room || room.tenantKey !== identity.tenantKey) throw invalid('room_id', 'no such meeting room', roomId);
    const { events, expansions } = await this.candidates(room.calendarId, window);
    const [rooms, taken] = await Promise.all([this.store.attendees.roomsOf(events.map((e) => e.eventId)), this.slotsTaken(events)]);
    const rsvp = new Map(rooms.filter((a) => a.roomId === room.roomId && !a.removed).map((a) => [a.eventId, a.rsvpStatus]));
    return freeBusy({
      events, expansions, taken, allDayZone: 'UTC',
      standingOf: (event) => ({ rsvp: rsvp.get(event.eventId) ?? 'accept', freeBusy: 'busy' }),
    }, window, onlyBusy);
  }

  /** The indexed prefilter, widened by a day so that all-day dates read in the owner's zone are found. */
  private async candidates(calendarId: string, window: Window): Promise<{ events: CalendarEvent[]; expansions: Map<string, StoredExpansion> }> {
    const placed = await this.store.events.listOverlapping(calendarId, window.from - DAY, window.to + DAY);
    return { events: placed.map((p) => p.event), expansions: expansionsOf(placed) };
  }

  private async slotsTaken(events: readonly BusyEvent[]): Promise<Map<string, Set<number>>> {
    const uids = [...new Set(events.filter((e) => isSeriesMaster(e) && e.status !== 'cancelled').map((e) => e.seriesId))];
    const taken = new Map<string, Set<number>>(uids.map((uid) => [uid, new Set()]));
    if (uids.length > 0) for (const slot of await this.store.events.exceptionSlotsOf(uids)) taken.get(slot.seriesId)?.add(slot.originalTime);
    return taken;
  }
}

function expansionsOf(placed: ReadonlyArray<PlacedEvent | BusyCandidate>): Map<string, StoredExpansion> {
  const expansions = new Map<string, StoredExpansion>();
  for (const p of placed) if (p.expansion) expansions.set(p.event.eventId, p.expansion);
  return expansions;
}
