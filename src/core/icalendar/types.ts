/** The codec's own types: what the encoder takes and what the decoder gives (index.ts describes the API). */
import type { EventInput } from '../events/input.js';
import type { Attendee, AttendeeType, CalendarEvent, EventStatus, RsvpStatus } from '../events/model.js';

/** CUTYPE values larkcal writes and reads (RFC 5545 §3.2.3); others decode as UNKNOWN. */
export type CalendarUserType = 'INDIVIDUAL' | 'GROUP' | 'ROOM' | 'RESOURCE' | 'UNKNOWN';

/** Who an ORGANIZER or ATTENDEE line names, as the adapter resolved it. */
export interface CalendarAddress {
  /** Email for `mailto:`; null writes `urn:x-larkcal:<ref>` (a chat, a user without email). */
  email: string | null;
  name: string;
}

/** An attendee row to write, with the address the adapter found for it (the user's or room's email). */
export interface EncodableAttendee {
  attendee: Attendee;
  email: string | null;
  /**
   * The id clients name the attendee by (a user's user_id; chat, room and email
   * attendees carry theirs already). Written as X-LARKCAL-ID so that a re-import
   * finds the same attendee; the internal user ref must never leave larkcal.
   */
  publicId?: string;
}

/** One event row to write, with its attendees (removed ones are skipped). */
export interface EncodableEvent {
  event: CalendarEvent;
  attendees: readonly EncodableAttendee[];
  /** UTC seconds of its last change; DTSTAMP and LAST-MODIFIED. Defaults to the create time. */
  lastModified?: number;
}

/**
 * A series to write as one iCalendar object: the master (RRULE/EXDATE) and its
 * exceptions. Cancelled exceptions become EXDATEs of the master, the others
 * VEVENTs with RECURRENCE-ID. A one-off event is a series without exceptions.
 */
export interface EncodableSeries {
  master: EncodableEvent;
  exceptions: readonly EncodableEvent[];
  organizer: CalendarAddress | null;
}

/** An ATTENDEE as a client wrote it. */
export interface DecodedAttendee {
  /** Lowercased `mailto:` address; null when the address is another URI (then `address` holds it). */
  email: string | null;
  address: string;
  name: string;
  cutype: CalendarUserType;
  rsvpStatus: Exclude<RsvpStatus, 'removed'>;
  isOptional: boolean;
  /** ROLE=CHAIR. */
  isChair: boolean;
  /** What larkcal wrote in X-LARKCAL-TYPE / X-LARKCAL-ID on export, for a lossless re-import. */
  larkcal?: { type: AttendeeType; id: string };
}

/** One VEVENT, in the core's input terms. */
export interface DecodedEvent {
  /**
   * A full input for create or patch: every standard property is set (absent ones
   * to their empty value, so a PUT that drops DESCRIPTION clears it); Feishu-only
   * fields (X-LARKCAL-*) are set only when present, so a client that drops unknown
   * properties does not wipe them on patch.
   */
  input: EventInput & Required<Pick<EventInput, 'uid' | 'summary' | 'description' | 'start' | 'end' | 'recurrence' | 'visibility' | 'freeBusyStatus' | 'reminders'>>;
  status: EventStatus;
  organizer: CalendarAddress | null;
  attendees: DecodedAttendee[];
  /** SEQUENCE, 0 when absent. */
  sequence: number;
  /** LAST-MODIFIED or DTSTAMP, UTC seconds, when given. */
  lastModified?: number;
}

/** An override: the VEVENT with RECURRENCE-ID. */
export interface DecodedOverride {
  /** The occurrence's original start, UTC seconds (all-day: that date's UTC midnight), as in event ids. */
  originalTime: number;
  event: DecodedEvent;
}

/** Everything one UID holds in a document. */
export interface DecodedSeries {
  uid: string;
  /** None when the object holds only overrides (an invitation to single occurrences). */
  master: DecodedEvent | null;
  overrides: DecodedOverride[];
  /** The master's EXDATEs: original times of cancelled occurrences. */
  exdates: number[];
}

export interface DecodeOptions {
  /** The zone of floating DTSTARTs (no TZID, no Z). Default UTC. */
  floatingZone?: string;
  /** Refuse documents with more than one UID (a CalDAV resource holds one, RFC 4791 §4.1). */
  singleUid?: boolean;
}
