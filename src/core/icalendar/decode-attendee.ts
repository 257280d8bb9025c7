/** ORGANIZER and ATTENDEE lines → addresses (RFC 5545 §3.8.4.1, §3.8.4.3; parameters §3.2). */
import type ICAL from 'ical.js';
import { isAttendeeType } from '../events/attendees/ids.js';
import { paramText } from './decode-time.js';
import { X, rsvpOf } from './mappings.js';
import type { CalendarAddress, CalendarUserType, DecodedAttendee } from './types.js';

const CUTYPES: readonly CalendarUserType[] = ['INDIVIDUAL', 'GROUP', 'ROOM', 'RESOURCE'];

function addressOf(prop: ICAL.Property): { address: string; email: string | null } {
  const address = String(prop.getFirstValue() ?? '').trim();
  const mailto = /^mailto:(.+)$/i.exec(address);
  return { address, email: mailto ? decodeURIComponent(mailto[1]!).trim().toLowerCase() : null };
}

export function decodeAddress(prop: ICAL.Property | null): CalendarAddress | null {
  if (!prop) return null;
  return { email: addressOf(prop).email, name: paramText(prop, 'cn') ?? '' };
}

export function decodeAttendee(prop: ICAL.Property): DecodedAttendee {
  const { address, email } = addressOf(prop);
  const cutype = (paramText(prop, 'cutype')?.toUpperCase() ?? 'INDIVIDUAL') as CalendarUserType;
  const role = paramText(prop, 'role')?.toUpperCase() ?? 'REQ-PARTICIPANT';
  const type = paramText(prop, X.attendeeType.toLowerCase());
  const id = paramText(prop, X.attendeeId.toLowerCase());
  return {
    email, address, name: paramText(prop, 'cn') ?? '',
    cutype: CUTYPES.includes(cutype) ? cutype : 'UNKNOWN',
    rsvpStatus: rsvpOf(paramText(prop, 'partstat')),
    isOptional: role === 'OPT-PARTICIPANT' || role === 'NON-PARTICIPANT',
    isChair: role === 'CHAIR',
    ...(type !== undefined && isAttendeeType(type) && id !== undefined && { larkcal: { type, id } }),
  };
}
