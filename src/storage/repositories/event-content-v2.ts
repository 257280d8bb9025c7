/**
 * Frozen. Version 2 of the events table's content (`v: 2`, from migration
 * 0009 on): the core's EventContent of that time, sub-objects in the core's
 * terms. The shape is written out here, not imported, and checked against
 * the core's at compile time: when the core's content changes, that check
 * fails, and the answer is a version 3 (this one stays, to read old rows).
 */
import type { CalendarEvent, EventContent } from '../../core/events/model.js';
import type { EventColumns } from './event-content.js';

type Time = { kind: 'timed'; ts: number; tz: string } | { kind: 'date'; date: string };
type Point = { anchor: 'beforeStart' | 'afterStart' | 'afterEnd'; minutes: number };

export interface ContentV2 {
  v: 2;
  summary: string;
  description: string;
  descriptionRich: string;
  start: Time;
  end: Time;
  recurrence: string;
  visibility: 'default' | 'public' | 'private';
  attendeeAbility: 'none' | 'can_see_others' | 'can_invite_others' | 'can_modify_event';
  freeBusyStatus: 'busy' | 'free';
  color: number;
  reminders: Array<{ minutes: number }>;
  location: { name?: string; address?: string; latitude?: number; longitude?: number } | null;
  videoMeeting: {
    kind?: 'builtIn' | 'link' | 'none' | 'live' | 'unknown' | 'thirdPartyMeeting';
    icon?: 'video' | 'live' | 'default';
    label?: string;
    url?: string;
    liveLink?: string;
    room?: { uniqueId: string; number: string };
    settings?: {
      ownerId?: string;
      joinPolicy?: 'anyone' | 'organization' | 'attendees';
      password?: string;
      hosts?: string[];
      autoRecord?: boolean;
      openLobby?: boolean;
      attendeesMayStart?: boolean;
    };
    thirdPartySettings?: Readonly<Record<string, unknown>>;
  } | null;
  schemas: Array<Record<string, unknown>>;
  attachments: Array<{ fileToken: string; size: number; name: string }>;
  checkIn: { enabled: boolean; opens?: Point; closes?: Point; notifyAttendees?: boolean } | null;
  source: string;
}

/** True when A and B are the same type, nested parts included. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expect<T extends true> = T;
/** Fails to compile once the core's EventContent is no longer version 2: write version 3 then. */
export type V2IsCurrent = Expect<Same<Omit<ContentV2, 'v'>, EventContent>>;

/** The event, in one literal: rest and spread of a JSON.parse result take V8's slow path. */
export function fromV2(c: ContentV2, k: EventColumns): CalendarEvent {
  return {
    summary: c.summary, description: c.description, descriptionRich: c.descriptionRich, start: c.start, end: c.end, recurrence: c.recurrence,
    visibility: c.visibility, attendeeAbility: c.attendeeAbility, freeBusyStatus: c.freeBusyStatus, color: c.color, reminders: c.reminders,
    location: c.location, videoMeeting: c.videoMeeting, schemas: c.schemas, attachments: c.attachments, checkIn: c.checkIn, source: c.source,
    eventId: k.eventId, seriesId: k.seriesId, uid: k.uid, originalTime: k.originalTime, tenantKey: k.tenantKey, organizerCalendarId: k.organizerCalendarId,
    organizer: k.organizer, status: k.status, isException: k.isException, createTime: k.createTime, version: k.version, firstStart: k.firstStart, lastEnd: k.lastEnd,
  };
}

export function toV2(e: EventContent): ContentV2 {
  return {
    v: 2, summary: e.summary, description: e.description, descriptionRich: e.descriptionRich, start: e.start, end: e.end, recurrence: e.recurrence,
    visibility: e.visibility, attendeeAbility: e.attendeeAbility, freeBusyStatus: e.freeBusyStatus, color: e.color, reminders: e.reminders,
    location: e.location, videoMeeting: e.videoMeeting, schemas: e.schemas, attachments: e.attachments, checkIn: e.checkIn, source: e.source,
  };
}
