/**
 * The question room_find asks (calendars.md §5.6), checked and turned into
 * slots: the one slot given, or every occurrence of `event_rrule` from it,
 * expanded in `timezone` exactly as a stored series with that rule would be
 * (so that finding and booking see the same times). Every malformed input is
 * 190014 naming its field, as the other free/busy reads (§5.2).
 */
import { invalid } from '../errors.js';
import type { Slot } from '../events/attendees/rooms.js';
import { occurrences } from '../events/recurrence/expand.js';
import { isTimeZone } from '../events/recurrence/zones.js';
import { DEFAULT_TIMEZONE, MAX_TIMESTAMP } from '../events/time.js';
import { MAX_ITEMS } from './freebusy.js';
import { ceilSeconds, parseRfc3339, type Offset } from './freebusy-time.js';
import { meetingRule } from './suggestion-recurrence.js';

export interface RoomFindRequest {
  eventStartTime: string;
  eventEndTime: string;
  eventRrule?: string;
  timezone?: string;
  city?: string;
  building?: string;
  floor?: string;
  roomName?: string;
  minCapacity?: number;
  maxCapacity?: number;
  /** Accepted and checked for shape; larkcal does not rank rooms by where attendees sit. */
  attendeeUserIds?: readonly string[];
  attendeeChatIds?: readonly string[];
}

export interface RoomFindQuery {
  /** The slots the room must be free for, in start order (one, or a series' occurrences). */
  slots: Slot[];
  /** The latest time a booking starting at the slot may run to (UTC seconds). */
  reserveUntil: number;
  /** The offset of `event_start_time`: `reserve_until_time` is written in it. */
  offset: Offset;
}

/** At most this many occurrences of `event_rrule` are weighed; more is refused (190014). */
export const MAX_SLOTS = MAX_ITEMS;

/**
 * A series with a room may span at most two years from its first start
 * (checkRoomSeriesSpan, 190002 on booking): that is as far as a booking
 * starting at the slot may run.
 */
export function reserveUntilOf(start: number): number {
  const limit = new Date(start * 1000);
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  return Math.min(limit.getTime() / 1000, MAX_TIMESTAMP);
}

function instant(field: string, text: string, end: boolean): { seconds: number; offset: Offset } {
  const parsed = parseRfc3339(text);
  if (parsed === 'format') throw invalid(field, `${field} must be an RFC 3339 date-time such as 2026-03-19T10:00:00+08:00`, text);
  if (parsed === 'zone') throw invalid(field, `${field} must end in a time zone offset: Z or ±hh:mm`, text);
  const seconds = end ? ceilSeconds(parsed) : parsed.seconds;
  if (seconds < 0 || seconds > MAX_TIMESTAMP) throw invalid(field, `${field} must lie between 1970 and 2500`, text);
  return { seconds, offset: parsed.offset };
}

/** The same rule as meeting-time suggestions take: a meeting series, bounded by UNTIL (190014 otherwise). */
const ruleOf = meetingRule;

export function parseRoomFind(request: RoomFindRequest): RoomFindQuery {
  const start = instant('event_start_time', request.eventStartTime, false);
  const end = instant('event_end_time', request.eventEndTime, true);
  if (end.seconds <= start.seconds) throw invalid('event_end_time', 'event_end_time must be after event_start_time', request.eventEndTime);
  const zone = request.timezone === undefined || request.timezone === '' ? DEFAULT_TIMEZONE : request.timezone;
  if (!isTimeZone(zone)) throw invalid('timezone', 'timezone must be an IANA time zone such as Asia/Shanghai', request.timezone);
  const { minCapacity: min, maxCapacity: max } = request;
  if (min !== undefined && max !== undefined && min > max) throw invalid('max_capacity', 'max_capacity must not be below min_capacity', max);

  const reserveUntil = reserveUntilOf(start.seconds);
  if (request.eventRrule === undefined || request.eventRrule === '') {
    return { slots: [{ start: start.seconds, end: end.seconds }], reserveUntil, offset: start.offset };
  }
  const rule = ruleOf(request.eventRrule);
  const series = { start: { kind: 'timed', ts: start.seconds, tz: zone }, end: { kind: 'timed', ts: end.seconds, tz: zone }, rule } as const;
  // Bounded expansion: occurrences up to reserve_until_time (a series may not run past it), at most MAX_SLOTS.
  const slots: Slot[] = [];
  const outcome = { truncated: false };
  for (const o of occurrences(series, undefined, { field: 'event_rrule', outcome })) {
    if (o.endTs > reserveUntil) break;
    if (slots.length === MAX_SLOTS) {
      throw invalid('event_rrule', `the series has more than ${MAX_SLOTS} occurrences before reserve_until_time; ask for fewer`, request.eventRrule);
    }
    slots.push({ start: o.startTs, end: o.endTs });
  }
  // Finding a room for part of a series would answer wrongly for the rest (recurrence/metered.ts bounds the work).
  if (outcome.truncated) throw invalid('event_rrule', 'the series is too costly to expand up to reserve_until_time; ask for a simpler rule', request.eventRrule);
  if (slots.length === 0) throw invalid('event_rrule', 'the series has no occurrence from event_start_time on', request.eventRrule);
  return { slots, reserveUntil, offset: start.offset };
}
