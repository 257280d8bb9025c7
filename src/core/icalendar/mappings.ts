/** The fixed correspondences between larkcal's fields and RFC 5545 values, both ways. */
import type { EventStatus, FreeBusyStatus, RsvpStatus, Visibility } from '../events/model.js';

/** Properties larkcal writes for what only Feishu has; read back on import so a round trip loses nothing. */
export const X = {
  color: 'X-LARKCAL-COLOR',
  attendeeAbility: 'X-LARKCAL-ATTENDEE-ABILITY',
  descriptionRich: 'X-LARKCAL-DESCRIPTION-RICH',
  /** JSON of the exact location; LOCATION holds the name (or address) for other clients. */
  location: 'X-LARKCAL-LOCATION',
  /** The RRULE text exactly as stored; RRULE holds the same rule (ical.js may reorder its parts on read). */
  rrule: 'X-LARKCAL-RRULE',
  videoMeeting: 'X-LARKCAL-VIDEO-MEETING',
  schemas: 'X-LARKCAL-SCHEMAS',
  attachments: 'X-LARKCAL-ATTACHMENTS',
  checkIn: 'X-LARKCAL-CHECK-IN',
  source: 'X-LARKCAL-SOURCE',
  /** ATTENDEE parameters: the attendee's Feishu type and what it names (user ref, chat id, room id, email). */
  attendeeType: 'X-LARKCAL-TYPE',
  attendeeId: 'X-LARKCAL-ID',
} as const;

/** CLASS (§3.8.1.3): `default` writes none (PUBLIC is the RFC's default, but Feishu tells them apart). */
export function classOf(visibility: Visibility): string | undefined {
  return visibility === 'public' ? 'PUBLIC' : visibility === 'private' ? 'PRIVATE' : undefined;
}

export function visibilityOf(cls: string | undefined): Visibility {
  switch (cls?.toUpperCase()) {
    case undefined: return 'default';
    case 'PUBLIC': return 'public';
    // CONFIDENTIAL and unknown classes are at least private (§3.8.1.3 says to treat x-names as PRIVATE).
    default: return 'private';
  }
}

export function transpOf(status: FreeBusyStatus): string {
  return status === 'free' ? 'TRANSPARENT' : 'OPAQUE';
}

export function freeBusyOf(transp: string | undefined): FreeBusyStatus {
  return transp?.toUpperCase() === 'TRANSPARENT' ? 'free' : 'busy';
}

const STATUS_TO_ICS: Record<EventStatus, string> = { tentative: 'TENTATIVE', confirmed: 'CONFIRMED', cancelled: 'CANCELLED' };

export function statusLine(status: EventStatus): string {
  return STATUS_TO_ICS[status];
}

export function statusOf(value: string | undefined): EventStatus {
  switch (value?.toUpperCase()) {
    case 'TENTATIVE': return 'tentative';
    case 'CANCELLED': return 'cancelled';
    default: return 'confirmed';
  }
}

const PARTSTAT_TO_ICS: Record<Exclude<RsvpStatus, 'removed'>, string> = {
  needs_action: 'NEEDS-ACTION', accept: 'ACCEPTED', tentative: 'TENTATIVE', decline: 'DECLINED',
};

export function partstatOf(rsvp: Exclude<RsvpStatus, 'removed'>): string {
  return PARTSTAT_TO_ICS[rsvp];
}

/** PARTSTAT → reply; DELEGATED and unknown values have not answered for themselves. */
export function rsvpOf(partstat: string | undefined): Exclude<RsvpStatus, 'removed'> {
  switch (partstat?.toUpperCase()) {
    case 'ACCEPTED': return 'accept';
    case 'TENTATIVE': return 'tentative';
    case 'DECLINED': return 'decline';
    default: return 'needs_action';
  }
}
