/** The event model of Calendar v4 (events.md §2). */
import type { IdentityKey } from '../tenancy/model.js';
import type { EventTime } from './time.js';

export type Visibility = 'default' | 'public' | 'private';
export type AttendeeAbility = 'none' | 'can_see_others' | 'can_invite_others' | 'can_modify_event';
export type FreeBusyStatus = 'busy' | 'free';
export type EventStatus = 'tentative' | 'confirmed' | 'cancelled';
export type RsvpStatus = 'needs_action' | 'accept' | 'tentative' | 'decline' | 'removed';
export type AttendeeType = 'user' | 'chat' | 'resource' | 'third_party';

export const VISIBILITIES = ['default', 'public', 'private'] as const;
export const ATTENDEE_ABILITIES = ['none', 'can_see_others', 'can_invite_others', 'can_modify_event'] as const;
export const FREE_BUSY_STATUSES = ['busy', 'free'] as const;

/** Rich sub-objects are stored and echoed as Feishu's JSON, validated at the edge. */
export type Json = Record<string, unknown>;

export interface Reminder {
  minutes: number;
}

/** What the organizer sets for everyone; attendees may override the personal parts on their copy. */
export interface EventContent {
  summary: string;
  description: string;
  descriptionRich: string;
  start: EventTime;
  end: EventTime;
  /** RRULE value without prefix; '' for one-off events and exceptions. */
  recurrence: string;
  visibility: Visibility;
  attendeeAbility: AttendeeAbility;
  freeBusyStatus: FreeBusyStatus;
  color: number;
  reminders: Reminder[];
  location: Json | null;
  vchat: Json | null;
  schemas: Json[];
  attachments: Json[];
  checkIn: Json | null;
  source: string;
}

export interface CalendarEvent extends EventContent {
  /** `{seriesId}_{originalTime}`; originalTime 0 for one-off events and series masters. */
  eventId: string;
  /** The UUID part of event ids (ids.ts): what groups a series' master and its exceptions. */
  seriesId: string;
  /**
   * The iCalendar UID (RFC 5545 §3.8.4.7), shared by a series' master and its exceptions:
   * a client's as sent (any text up to MAX_UID_LENGTH), else the series id. Unique among
   * the masters of an organizer calendar.
   */
  uid: string;
  originalTime: number;
  tenantKey: string;
  organizerCalendarId: string;
  /** Who organizes: the owner of the organizer calendar when the event was made. */
  organizer: IdentityKey;
  status: EventStatus;
  isException: boolean;
  /** Seconds. */
  createTime: number;
  version: number;
  /** Derived for range queries: first start and last end (UTC seconds; open-ended series end at OPEN_END). */
  firstStart: number;
  lastEnd: number;
}

/** The longest iCalendar UID kept; a longer one is invalid. */
export const MAX_UID_LENGTH = 255;

/** Series that never end reach this far (9999-12-31T23:59:59Z). */
export const OPEN_END = 253402300799;

/** One identity's own settings on an event: its copy (events.md §2.5). */
export interface PersonalSettings {
  eventId: string;
  identity: IdentityKey;
  color: number | null;
  reminders: Reminder[] | null;
  visibility: Visibility | null;
  freeBusyStatus: FreeBusyStatus | null;
  version: number;
}

/** Where an event shows: the organizer calendar, attendees' primary calendars, booked rooms' calendars. */
export interface Placement {
  calendarId: string;
  eventId: string;
  reason: 'organizer' | 'attendee' | 'room';
  removed: boolean;
  version: number;
  firstStart: number;
  lastEnd: number;
}

export interface Attendee {
  eventId: string;
  attendeeId: string;
  type: AttendeeType;
  userRef: string | null;
  chatId: string | null;
  roomId: string | null;
  email: string | null;
  rsvpStatus: RsvpStatus;
  isOptional: boolean;
  isOrganizer: boolean;
  isExternal: boolean;
  displayName: string;
  operateRef: string | null;
  approvalReason: string;
  resourceCustomization: Json[];
  removed: boolean;
  /** Insertion order. */
  seq: number;
}

export interface ChatMemberRsvp {
  eventId: string;
  attendeeId: string;
  userRef: string;
  rsvpStatus: RsvpStatus;
}
