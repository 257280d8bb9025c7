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

/** Feishu-only UI customisation and room booking forms: stored and echoed as Feishu's JSON, validated at the edge. */
export type Json = Record<string, unknown>;

/** An alarm (a VALARM's trigger): minutes before the start, negative after it (events.md §2.1 reminders). */
export interface Reminder {
  minutes: number;
}

/** Where the event takes place (iCalendar LOCATION and GEO; events.md §2.1 location). */
export interface Location {
  name?: string;
  address?: string;
  /** Degrees as the client sent them: GCJ-02 inside mainland China, WGS84 elsewhere. */
  latitude?: number;
  longitude?: number;
}

/**
 * The kind of video meeting (events.md §2.8): the server's own (`builtIn`, Feishu VC),
 * a link to another service's, explicitly none, a live stream, or what clients cannot tell.
 */
export type MeetingKind = 'builtIn' | 'link' | 'none' | 'live' | 'unknown' | 'thirdPartyMeeting';
export type MeetingIcon = 'video' | 'live' | 'default';
/** Who may join a built-in meeting. */
export type MeetingJoinPolicy = 'anyone' | 'organization' | 'attendees';

/** Pre-meeting settings of a built-in meeting. User ids are as the client named them. */
export interface MeetingSettings {
  ownerId?: string;
  joinPolicy?: MeetingJoinPolicy;
  /** 4–9 digits; the organizer's to set (meeting-rules.ts). */
  password?: string;
  hosts?: string[];
  autoRecord?: boolean;
  openLobby?: boolean;
  attendeesMayStart?: boolean;
}

/** The event's video meeting; no kind = not chosen (Feishu then makes a built-in one when attendees come). */
export interface VideoMeeting {
  kind?: MeetingKind;
  icon?: MeetingIcon;
  /** The label shown for a link. */
  label?: string;
  url?: string;
  liveLink?: string;
  /** The generated meeting's ids. */
  room?: { uniqueId: string; number: string };
  settings?: MeetingSettings;
  /** A third-party meeting's settings (SDK typings only, meaning unconfirmed): kept as sent, never shown. */
  thirdPartySettings?: Readonly<Record<string, unknown>>;
}

/** A file attached to the event, as uploaded (files/attachments.ts checks it). */
export interface Attachment {
  fileToken: string;
  /** Bytes. */
  size: number;
  name: string;
}

/** When check-in opens or closes: minutes relative to the event's start or end. */
export interface CheckInPoint {
  anchor: 'beforeStart' | 'afterStart' | 'afterEnd';
  minutes: number;
}

/** Attendees checking in to the event (events.md §2.9 event_check_in). */
export interface CheckIn {
  enabled: boolean;
  opens?: CheckInPoint;
  closes?: CheckInPoint;
  notifyAttendees?: boolean;
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
  location: Location | null;
  videoMeeting: VideoMeeting | null;
  /** Feishu's client page customisation (events.md §2.1 schemas). */
  schemas: Json[];
  attachments: Attachment[];
  checkIn: CheckIn | null;
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
