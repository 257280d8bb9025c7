/**
 * A calendar as one iCalendar document, streamed (issue #11 §4): the header,
 * then each series (master, exceptions, EXDATEs) as it is read, page by page,
 * then the VTIMEZONEs of the zones met — RFC 5545 §3.6 sets no order among a
 * VCALENDAR's components, and a zone's years are known only at the end.
 *
 * Attendees and the organizer are written with the addresses and public ids
 * clients know (a user's email and user_id), never larkcal's internal refs.
 */
import type { Calendar } from '../calendars/model.js';
import { DomainError } from '../errors.js';
import type { Attendee, CalendarEvent } from '../events/model.js';
import { CALENDAR_FOOTER, ZoneCollector, calendarHeader, encodeSeriesEvents } from '../icalendar/index.js';
import type { CalendarAddress, EncodableAttendee, EncodableEvent, EncodableSeries } from '../icalendar/index.js';
import type { Needs } from '../ports.js';

type Reads = Needs<'calendars' | 'events' | 'attendees' | 'tenancy'>;

const PAGE = 200;
const ATTENDEE_LIMIT = 5000;

export async function* exportCalendar(reads: Reads, calendarId: string): AsyncGenerator<string> {
  const calendar = await reads.calendars.get(calendarId);
  if (!calendar || calendar.deleted) throw new DomainError('not_found:calendar');
  const addresses = new AddressBook(reads);
  const zones = new ZoneCollector();
  yield calendarHeader({ name: calendar.summary });
  for (let offset = 0; ; offset += PAGE) {
    const page = await reads.events.listPlaced(calendarId, { offset, limit: PAGE });
    for (const { event } of page) {
      // An exception is written with its series; one whose master the calendar does not show is left out.
      if (event.isException) continue;
      const series = await seriesOf(reads, addresses, calendar, event);
      zones.add(series);
      yield encodeSeriesEvents(series);
    }
    if (page.length < PAGE) break;
  }
  yield zones.vtimezones();
  yield CALENDAR_FOOTER;
}

/** One series as the codec writes it: master, exceptions, organizer, attendees by address (CalDAV reads it too). */
export async function seriesOf(reads: Reads, addresses: AddressBook, calendar: Calendar, master: CalendarEvent): Promise<EncodableSeries> {
  const exceptions = master.recurrence ? await reads.events.exceptionsOf(master.seriesId) : [];
  return {
    master: await encodable(reads, addresses, master),
    exceptions: await Promise.all(exceptions.map((x) => encodable(reads, addresses, x))),
    organizer: await addresses.of(master.organizer ?? calendar.owner),
  };
}

async function encodable(reads: Reads, addresses: AddressBook, event: CalendarEvent): Promise<EncodableEvent> {
  const rows = await reads.attendees.list(event.eventId, { includeRemoved: false, offset: 0, limit: ATTENDEE_LIMIT });
  return { event, attendees: await Promise.all(rows.map((a) => addresses.attendee(a))) };
}

/** Emails and public ids of the users an export names, each looked up once. */
export class AddressBook {
  private readonly users = new Map<string, Promise<{ email: string; userId: string; name: string } | undefined>>();
  private readonly prints = new Map<string, Promise<string>>();

  constructor(private readonly reads: Reads) {}

  async attendee(attendee: Attendee): Promise<EncodableAttendee> {
    if (attendee.type !== 'user' || !attendee.userRef) return { attendee, email: attendee.email };
    const user = await this.user(attendee.userRef);
    return { attendee, email: user?.email || null, ...(user && { publicId: user.userId }) };
  }

  /** The ORGANIZER: a user by email; an app or room by name only. */
  async of(identity: string): Promise<CalendarAddress | null> {
    if (!identity.startsWith('user:')) return null;
    const user = await this.user(identity.slice('user:'.length));
    return user ? { email: user.email || null, name: user.name } : null;
  }

  /**
   * The fields of these users an encoding writes, as this book reads them (each
   * user once): equal for two books exactly when an encoding of them would be.
   */
  async fingerprint(refs: readonly string[]): Promise<string> {
    // Many series of one calendar name the same people (its owner): one fingerprint per set, per book.
    const key = refs.join('\n');
    let print = this.prints.get(key);
    if (print === undefined) {
      print = Promise.all(refs.map((ref) => this.user(ref))).then((users) => JSON.stringify(users.map((u) => (u ? [u.email, u.userId, u.name] : null))));
      this.prints.set(key, print);
    }
    return print;
  }

  private user(ref: string) {
    let found = this.users.get(ref);
    if (!found) {
      found = this.reads.tenancy.getUser(ref).then((u) => u && { email: u.email, userId: u.userId, name: u.name });
      this.users.set(ref, found);
    }
    return found;
  }
}
