/** What the event use cases need from storage (implemented in storage/repositories/event*.ts). */
import type { Attendee, CalendarEvent, ChatMemberRsvp, FreeBusyStatus, PersonalSettings, Placement, RsvpStatus } from './model.js';
import type { IdentityKey } from '../tenancy/model.js';
import type { StoredExpansion } from './recurrence/stored.js';

export interface PlacedEvent {
  event: CalendarEvent;
  placement: Placement;
  /** A series master's stored occurrence times (recurrence/stored.ts), where the range reads fetch them. */
  expansion?: StoredExpansion;
}

/** What free/busy needs of an event: its times, rule and marks, not its content. */
export type BusyEvent = Pick<CalendarEvent, 'eventId' | 'seriesId' | 'originalTime' | 'status' | 'isException' | 'start' | 'end' | 'recurrence' | 'freeBusyStatus'>;

/** A live event on a user's calendar with that user's own standing on it (free/busy's read). */
export interface BusyCandidate {
  event: BusyEvent;
  /** A series master's stored occurrence times (recurrence/stored.ts). */
  expansion?: StoredExpansion;
  /** A series master's slots that its exceptions hold (original times, cancelled exceptions too). */
  taken?: readonly number[];
  /** The user's direct attendee row's reply, unless that row was removed; none when not invited directly. */
  ownRsvp?: RsvpStatus;
  /** The user's reply as a member of an invited chat, if any. */
  chatRsvp?: RsvpStatus;
  /** The user's personal `free_busy_status` override, when set. */
  ownFreeBusy?: FreeBusyStatus;
}

/**
 * What a destroyed exception leaves on a calendar it showed on: its last state,
 * and the change-log seq of the destroy (events.md §2.2 delete_exception, §2.10).
 */
export interface EventTombstone {
  calendarId: string;
  event: CalendarEvent;
  version: number;
}

export interface EventRepository {
  get(eventId: string): Promise<CalendarEvent | undefined>;
  insert(event: CalendarEvent): Promise<void>;
  /**
   * Rewrites the row (and its placements' free/busy copy). With `stampPlacements`,
   * the same statement gives every placement the event's version and span: a
   * change's version reaches the rows it touched in one pass (issue #14 §2).
   */
  update(event: CalendarEvent, options?: { stampPlacements?: boolean }): Promise<void>;
  /**
   * Destroys an exception row (delete_exception=true) with its placements,
   * leaving a tombstone at `version` on every calendar it showed on.
   */
  remove(eventId: string, version: number): Promise<void>;
  /** The exceptions of a series, by original time. */
  exceptionsOf(seriesId: string): Promise<CalendarEvent[]>;
  /** The slots (series, original time) that exceptions hold in many series at once, cancelled ones included. */
  exceptionSlotsOf(seriesIds: readonly string[]): Promise<Array<{ seriesId: string; originalTime: number }>>;
  /**
   * The rows with this iCalendar UID in the tenant, masters before exceptions (by original
   * time); with `calendarId`, only those showing on that calendar. Masters are unique per
   * organizer calendar (migration 0009's index); other calendars may hold several.
   */
  findByUid(tenantKey: string, uid: string, calendarId?: string): Promise<CalendarEvent[]>;
  /**
   * The live series masters with any of these UIDs shown on a calendar (a placement not
   * removed), in one read (calendar-multiget): by UID, then organizer calendar, as findByUid orders them.
   */
  findPlacedMasters(tenantKey: string, calendarId: string, uids: readonly string[]): Promise<CalendarEvent[]>;

  getPlacement(calendarId: string, eventId: string): Promise<Placement | undefined>;
  /** Inserts or updates a placement; `event`, when the caller holds the row already, spares reading it for the free/busy copy. */
  putPlacement(placement: Placement, event?: CalendarEvent): Promise<void>;
  placementsOf(eventId: string): Promise<Placement[]>;
  /** Keeps every placement's time span in step with its event. */
  updatePlacementSpans(eventId: string, firstStart: number, lastEnd: number): Promise<void>;

  /** Full traversal: events showing on the calendar, ordered by start then id. */
  listPlaced(calendarId: string, options: { endAfter?: number; offset: number; limit: number }): Promise<PlacedEvent[]>;
  /** Incremental: events whose row, placement or the identity's settings changed after `since`. */
  listChanged(calendarId: string, identity: IdentityKey, since: number, offset: number, limit: number): Promise<PlacedEvent[]>;
  /** How many events `listChanged` finds in all (to page on into the tombstones after them). */
  countChanged(calendarId: string, identity: IdentityKey, since: number): Promise<number>;
  /** Incremental: tombstones written after `since`, unless the event shows on the calendar again. */
  listTombstones(calendarId: string, since: number, offset: number, limit: number): Promise<EventTombstone[]>;
  /** Range prefilter: live placements on the calendar whose span overlaps [from, to). */
  listOverlapping(calendarId: string, from: number, to: number): Promise<PlacedEvent[]>;
  /**
   * The events `listOverlapping` finds on a user's calendar, each with the
   * user's own standing, in one read and only the columns free/busy weighs
   * (no order promised).
   */
  listBusyCandidates(calendarId: string, from: number, to: number, user: { ref: string; identity: IdentityKey }): Promise<BusyCandidate[]>;
  /** Title search among events on the calendar. */
  search(calendarId: string, query: string): Promise<PlacedEvent[]>;

  getPersonal(eventId: string, identity: IdentityKey): Promise<PersonalSettings | undefined>;
  putPersonal(settings: PersonalSettings): Promise<void>;
  personalFor(identity: IdentityKey, eventIds: readonly string[]): Promise<PersonalSettings[]>;

  /**
   * Claims an idempotency key for `eventId`; returns the event id that holds the
   * key (ours, or the first request's). Concurrent claims wait for each other.
   */
  claimIdempotent(appId: string, calendarId: string, key: string, eventId: string): Promise<string>;
}

export interface AttendeeRepository {
  put(attendee: Attendee): Promise<void>;
  get(eventId: string, attendeeId: string): Promise<Attendee | undefined>;
  /** Attendees in the order they were added; removed ones only when asked. */
  list(eventId: string, options: { includeRemoved: boolean; offset: number; limit: number }): Promise<Attendee[]>;
  count(eventId: string): Promise<number>;
  /** Room attendees of many events at once (instance_view shows rooms). */
  roomsOf(eventIds: readonly string[]): Promise<Attendee[]>;
  /** Events in which the user (directly) attends, by attendee row. */
  ofUser(eventId: string, userRef: string): Promise<Attendee | undefined>;
  /** The user's own attendee rows across many events (one query for a page of events). */
  ofUserIn(userRef: string, eventIds: readonly string[]): Promise<Attendee[]>;
  chatMembershipsIn(userRef: string, eventIds: readonly string[]): Promise<ChatMemberRsvp[]>;
  putChatMember(member: ChatMemberRsvp): Promise<void>;
  chatMembers(eventId: string, attendeeId: string): Promise<ChatMemberRsvp[]>;
  chatMembershipsOf(eventId: string, userRef: string): Promise<ChatMemberRsvp[]>;
  /** Serialises bookings of one room until the transaction ends (a row lock on PostgreSQL). */
  lockRoom(roomId: string): Promise<void>;
  /** The highest insertion order used on the event, removed attendees included (0 when none). */
  maxSeq(eventId: string): Promise<number>;
  /** Forgets the members' replies of a chat attendee that left the event. */
  removeChatMembers(eventId: string, attendeeId: string): Promise<void>;
}

/** Per series (keyed by series id): its meeting chat and minutes. */
export interface EventExtrasRepository {
  get(seriesId: string): Promise<{ meetingChatId: string | null; meetingChatOwner: string | null; minuteUrl: string | null } | undefined>;
  put(seriesId: string, extras: { meetingChatId: string | null; meetingChatOwner: string | null; minuteUrl: string | null }): Promise<void>;
}
