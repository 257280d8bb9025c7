/**
 * Room finding (calendars.md §5.6): the tenant's rooms that pass the filters
 * and are free for the whole slot — every occurrence, for a recurring one.
 * "Free" is decided by `roomFreeFor`, the very check booking makes when a room
 * is added as an attendee, so a room found here is a room that booking accepts
 * and `freebusy/list` shows empty for those times. Any caller of the tenant
 * may ask (free/busy needs no calendar role, §5.1).
 */
import { roomFreeFor } from '../events/attendees/rooms.js';
import type { Needs } from '../ports.js';
import type { Identity, Room } from '../tenancy/model.js';
import { parseRoomFind, type RoomFindRequest } from './room-find-request.js';
import type { Offset } from './freebusy-time.js';

export interface FoundRoom {
  room: Room;
  /** UTC seconds: the latest a booking starting at the slot may run to. */
  reserveUntil: number;
}

export interface RoomFindAnswer {
  offset: Offset;
  rooms: FoundRoom[];
}

export type RoomFilters = Pick<RoomFindRequest, 'city' | 'building' | 'floor' | 'roomName' | 'minCapacity' | 'maxCapacity'>;

const fold = (text: string) => text.trim().toLowerCase();
/** `F2`, `f2` and `2` name the same floor (the CLI normalises floors like `F2`). */
const floorOf = (text: string) => fold(text).replace(/^f(?=.)/, '');
const given = (filter: string | undefined): filter is string => filter !== undefined && filter.trim() !== '';

/**
 * The filters, literally: city and building equal (ignoring case and outer
 * spaces), floor equal once normalised, room name contained (ignoring case),
 * capacity within [min, max]. An empty filter filters nothing.
 */
export function matchesFilters(room: Room, f: RoomFilters): boolean {
  if (given(f.city) && fold(room.city) !== fold(f.city)) return false;
  if (given(f.building) && fold(room.building) !== fold(f.building)) return false;
  if (given(f.floor) && floorOf(room.floor) !== floorOf(f.floor)) return false;
  if (given(f.roomName) && !fold(room.name).includes(fold(f.roomName))) return false;
  if (f.minCapacity !== undefined && room.capacity < f.minCapacity) return false;
  if (f.maxCapacity !== undefined && room.capacity > f.maxCapacity) return false;
  return true;
}

export class RoomFinder {
  constructor(private readonly store: Needs<'tenancy' | 'events'>) {}

  /** Rooms in directory order; every input is checked before any room is weighed. */
  async find(identity: Identity, request: RoomFindRequest): Promise<RoomFindAnswer> {
    const query = parseRoomFind(request);
    const rooms = (await this.store.tenancy.listRooms(identity.tenantKey)).filter((room) => matchesFilters(room, request));
    const found: FoundRoom[] = [];
    for (const room of rooms) {
      if (await roomFreeFor(this.store, room, query.slots)) found.push({ room, reserveUntil: query.reserveUntil });
    }
    return { offset: query.offset, rooms: found };
  }
}
