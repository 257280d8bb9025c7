/**
 * Calendar object resources (RFC 4791 §4.1): one per series, read through the
 * core's event queries (so the one event access check and visibility apply)
 * and written by the iCalendar codec. The ETag is a hash of the encoded text:
 * strong, and derived from what is stored (RFC 7232 §2.3).
 */
import { createHash } from 'node:crypto';
import type { Calendar } from '../../core/calendars/model.js';
import type { EventQueries } from '../../core/events/event-queries.js';
import type { EventService } from '../../core/events/event-service.js';
import type { CalendarEvent, RsvpStatus } from '../../core/events/model.js';
import type { EventView } from '../../core/events/views.js';
import { AddressBook, seriesOf } from '../../core/exports/calendar-export.js';
import { encodeCalendar, encodeExpanded, type EncodableEvent, type EncodableSeries } from '../../core/icalendar/index.js';
import { seriesInstances } from '../../core/events/queries/instances.js';
import { objectName, uidOfName } from './paths.js';
import { limitRecurrenceSet } from './recurrence-set.js';
import { Lru } from '../../core/lru.js';
import type { Needs } from '../../core/ports.js';
import { tokenGeneration } from '../../core/sandbox/revocations.js';
import { identityKey, type Identity } from '../../core/tenancy/model.js';

export type ObjectReads = Needs<'calendars' | 'events' | 'attendees' | 'tenancy' | 'caldavNames' | 'changes'>;

export interface CalendarObject {
  uid: string;
  /** Its resource name on this calendar, decoded: the client's (caldav_object_names), else `{UID}.ics`. */
  name: string;
  /** The master's event id. */
  eventId: string;
  text: string;
  etag: string;
  /** Whether this calendar organizes the series (else it holds an attendee's copy). */
  organizes: boolean;
  /** The viewer's own reply, when they are on the attendee list. */
  selfRsvp: RsvpStatus | undefined;
}

/** What the core's sync tokens start with inside a DAV token (the core decodes them). */
export const CORE_SYNC_PREFIX = 'dav';
const PAGE = { size: 100_000, prefix: 'davpage' };
/** Instances one expanded series answers at most. */
export const EXPAND_LIMIT = 1000;

export const etagOf = (text: string): string => `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;

/** Encoded series held at most, and their text together (bytes of UTF-16, roughly). */
const CACHE_ENTRIES = 5000;
const CACHE_CHARS = 32 * 1024 * 1024;

interface Encoded {
  text: string;
  etag: string;
  /** The users the text names (ORGANIZER, user ATTENDEEs), by ref, and what they read as then (AddressBook.fingerprint). */
  people: readonly string[];
  directory: string;
}

interface Seen {
  object: Omit<CalendarObject, 'name'>;
  people: readonly string[];
  directory: string;
}

export class CalendarObjects {
  /**
   * Encoded text and ETag by (store generation, change-log head, calendar,
   * master, redacted): every write of events and attendees moves the head
   * (the change log), every replacement of the state the generation.
   * The directory (a user's name and email, in ORGANIZER and ATTENDEE) changes
   * outside the log, so an entry also keeps the users it names and what they
   * read as, and is served only while they read the same: a hit reads those
   * users (once per request), not the series. Listings between changes, what
   * clients repeat most, encode nothing. Bounded (issue #16 §8).
   */
  private readonly encoded = new Lru<string, Encoded>(CACHE_ENTRIES, { max: CACHE_CHARS, weigh: (e) => e.text.length + 32 * e.people.length });

  /**
   * What calendar-multiget answered a viewer, by (generation, head, calendar,
   * viewer, UID): at one head a viewer's view of a series (its redaction, their
   * own reply) is what it was, so a repeated multiget reads no series, only
   * the calendar's rule and the people the texts name. Bounded as `encoded`.
   */
  private readonly seen = new Lru<string, Seen>(CACHE_ENTRIES, { max: CACHE_CHARS, weigh: (e) => e.object.text.length + 32 * e.people.length });

  constructor(
    private readonly reads: ObjectReads,
    private readonly queries: EventQueries,
    private readonly events: EventService,
  ) {}

  /** Every series of the calendar, or those with an occurrence in [from, to). */
  async list(identity: Identity, calendar: Calendar, window?: { from: number; to: number }): Promise<CalendarObject[]> {
    // The head before the reads: what is read is at least as new as the head the entries are keyed by.
    // The tenant's head, not the log's: on PostgreSQL tenants commit apart, so a write of this tenant
    // numbered below another tenant's newest can still be open; the log's head would not move when it lands.
    const head = await this.reads.changes.head(identity.tenantKey);
    const page = await this.queries.mirror(identity, calendar.calendarId, {
      page: PAGE, syncPrefix: CORE_SYNC_PREFIX, ...(window && { startTime: window.from, endTime: window.to }),
    });
    return this.encodeMasters(calendar, page.items, await this.reads.caldavNames.namesOf(calendar.calendarId), head);
  }

  /**
   * What changed since a core sync point: series to send again and names gone
   * (RFC 6578 §3.5: removed members are reported as 404).
   */
  async changesSince(identity: Identity, calendar: Calendar, coreToken: string): Promise<{ changed: CalendarObject[]; removed: string[] }> {
    const head = await this.reads.changes.head(identity.tenantKey);
    const names = await this.reads.caldavNames.namesOf(calendar.calendarId);
    const page = await this.queries.mirror(identity, calendar.calendarId, { page: PAGE, syncPrefix: CORE_SYNC_PREFIX, syncToken: coreToken });
    const removed = new Set<string>();
    // Per UID: its master's view when the page holds it (encoded as listings are), else any of its exceptions.
    const touched = new Map<string, EventView>();
    for (const view of page.items) {
      if (!view.event.isException && view.status === 'cancelled') removed.add(view.event.uid);
      else if (!view.event.isException || !touched.has(view.event.uid)) touched.set(view.event.uid, view);
    }
    // A UID deleted and written anew since the token (migration 0027) is its new series, not a removal.
    for (const view of touched.values()) if (!view.event.isException) removed.delete(view.event.uid);
    const addresses = new AddressBook(this.reads);
    const changed: CalendarObject[] = [];
    for (const view of touched.values()) {
      if (removed.has(view.event.uid)) continue;
      const name = names.get(view.event.uid) ?? objectName(view.event.uid);
      const object = view.event.isException ? await this.get(identity, calendar, view.event.uid) : await this.encode(calendar, view, addresses, name, head);
      if (object) changed.push(object);
      else removed.add(view.event.uid);
    }
    return { changed, removed: [...removed].map((uid) => names.get(uid) ?? objectName(uid)) };
  }

  /** The live series with this UID on the calendar, as this identity may see it; undefined when there is none. */
  async get(identity: Identity, calendar: Calendar, uid: string): Promise<CalendarObject | undefined> {
    const head = await this.reads.changes.head(identity.tenantKey);
    const master = await this.masterOf(identity.tenantKey, calendar.calendarId, uid);
    if (!master) return undefined;
    const { view } = await this.events.get(identity, calendar.calendarId, master.eventId);
    if (view.status === 'cancelled') return undefined;
    const name = (await this.reads.caldavNames.nameOf(calendar.calendarId, uid)) ?? objectName(uid);
    return this.encode(calendar, view, new AddressBook(this.reads), name, head);
  }

  /** The UID a resource name stands for on the calendar: the client's recorded name, else `{UID}.ics` of a UID that has no other name. */
  async uidNamed(calendarId: string, name: string): Promise<string | undefined> {
    const recorded = await this.reads.caldavNames.uidOf(calendarId, name);
    if (recorded !== undefined) return recorded;
    const uid = uidOfName(name);
    if (uid === undefined) return undefined;
    return (await this.reads.caldavNames.nameOf(calendarId, uid)) === undefined ? uid : undefined;
  }

  /** Several resource names at once (calendar-multiget): the names, the head and the series are read once, not per name. */
  async manyNamed(identity: Identity, calendar: Calendar, names: readonly string[]): Promise<Map<string, CalendarObject>> {
    const head = await this.reads.changes.head(identity.tenantKey);
    const recorded = await this.reads.caldavNames.namesOf(calendar.calendarId);
    const uidByName = new Map([...recorded].map(([uid, name]) => [name, uid]));
    const uids = new Map<string, string>();
    for (const name of new Set(names)) {
      const fallback = uidOfName(name);
      const uid = uidByName.get(name) ?? (fallback !== undefined && !recorded.has(fallback) ? fallback : undefined);
      if (uid !== undefined) uids.set(name, uid);
    }
    const addresses = new AddressBook(this.reads);
    const found = new Map<string, CalendarObject>();
    // A series this viewer was answered at this head, whose people read the same, is answered again unread.
    const viewer = `${tokenGeneration(this.reads)}|${head}|${calendar.calendarId}|${identity.appId}|${identityKey(identity)}`;
    const unseen = new Map<string, string>();
    for (const [name, uid] of uids) {
      const seen = this.seen.get(`${viewer}|${uid}`);
      if (seen && (await addresses.fingerprint(seen.people)) === seen.directory) found.set(name, { ...seen.object, name });
      else unseen.set(name, uid);
    }
    if (unseen.size === 0) {
      // Nothing to read, but the calendar's rule is still asked: a role taken away answers as before.
      await this.queries.requireSeriesRead(identity, calendar.calendarId);
      return found;
    }
    const views = await this.queries.seriesByUid(identity, calendar.calendarId, [...unseen.values()]);
    for (const [name, uid] of unseen) {
      const view = views.get(uid);
      if (!view || view.status === 'cancelled') continue;
      const object = await this.encode(calendar, view, addresses, name, head);
      found.set(name, object);
      const encoded = this.encoded.get(this.keyOf(calendar, view, head));
      if (encoded) this.seen.set(`${viewer}|${uid}`, { object, people: encoded.people, directory: encoded.directory });
    }
    return found;
  }

  /** The live series with this resource name, as this identity may see it. */
  async named(identity: Identity, calendar: Calendar, name: string): Promise<CalendarObject | undefined> {
    const uid = await this.uidNamed(calendar.calendarId, name);
    return uid === undefined ? undefined : this.get(identity, calendar, uid);
  }

  /**
   * The series with its instances in [from, to) as VEVENTs of their own (RFC
   * 4791 §9.6.5), by the core's matcher that instance views use; at most
   * EXPAND_LIMIT instances per series.
   */
  async expanded(identity: Identity, calendar: Calendar, uid: string, window: { from: number; to: number }): Promise<string | undefined> {
    const master = await this.masterOf(identity.tenantKey, calendar.calendarId, uid);
    if (!master) return undefined;
    const { view } = await this.events.get(identity, calendar.calendarId, master.eventId);
    const series = await this.seriesFor(calendar, view, new AddressBook(this.reads));
    const { master: first } = series;
    if (first.event.recurrence === '') return encodeExpanded(series, [first]);
    const exceptions = new Map(series.exceptions.map((x) => [x.event.eventId, x]));
    const items: EncodableEvent[] = [];
    for (const instance of seriesInstances(first.event, series.exceptions.map((x) => x.event), window.from, window.to, EXPAND_LIMIT)) {
      const { occurrence } = instance;
      const stored = exceptions.get(instance.event.eventId);
      if (occurrence) items.push({ ...first, event: { ...first.event, start: occurrence.start, end: occurrence.end, originalTime: occurrence.originalTime, recurrence: '' } });
      else if (stored && stored.event.status !== 'cancelled') items.push({ ...stored, event: { ...stored.event, recurrence: '' } });
    }
    return encodeExpanded(series, items);
  }

  /**
   * The series with only the overrides that impact [from, to) (RFC 4791
   * §9.6.6, limit-recurrence-set); the master whole, with its EXDATEs.
   */
  async limited(identity: Identity, calendar: Calendar, uid: string, window: { from: number; to: number }): Promise<string | undefined> {
    const master = await this.masterOf(identity.tenantKey, calendar.calendarId, uid);
    if (!master) return undefined;
    const { view } = await this.events.get(identity, calendar.calendarId, master.eventId);
    return encodeCalendar([limitRecurrenceSet(await this.seriesFor(calendar, view, new AddressBook(this.reads)), window)]);
  }

  /** The series master with this UID placed on the calendar, live. */
  async masterOf(tenantKey: string, calendarId: string, uid: string): Promise<CalendarEvent | undefined> {
    const rows = await this.reads.events.findByUid(tenantKey, uid, calendarId);
    return rows.find((r) => r.originalTime === 0 && !r.isException && r.status !== 'cancelled');
  }

  private async encodeMasters(calendar: Calendar, views: readonly EventView[], names: ReadonlyMap<string, string>, head: number): Promise<CalendarObject[]> {
    const addresses = new AddressBook(this.reads);
    const objects: CalendarObject[] = [];
    for (const view of views) {
      // Exceptions travel inside their series; cancelled masters are deleted events.
      if (view.event.isException || view.status === 'cancelled') continue;
      objects.push(await this.encode(calendar, view, addresses, names.get(view.event.uid) ?? objectName(view.event.uid), head));
    }
    return objects;
  }

  private async encode(calendar: Calendar, view: EventView, addresses: AddressBook, name: string, head: number): Promise<CalendarObject> {
    // The store's generation moves on a sandbox reset, restore or tenant deletion: rows replaced outside
    // the log, after which the head can go back and count the same numbers again (sandbox/revocations.ts).
    const key = this.keyOf(calendar, view, head);
    let encoded = this.encoded.get(key);
    if (!encoded || (await addresses.fingerprint(encoded.people)) !== encoded.directory) {
      const series = await this.seriesFor(calendar, view, addresses);
      const text = encodeCalendar([series]);
      const people = view.redacted ? [] : peopleOf(calendar, series);
      // The book's reads are the ones the text was made from, so the fingerprint is of the same directory.
      encoded = { text, etag: etagOf(text), people, directory: await addresses.fingerprint(people) };
      this.encoded.set(key, encoded);
    }
    const { text, etag } = encoded;
    return {
      uid: view.event.uid, name, eventId: view.event.eventId, text, etag,
      organizes: view.event.organizerCalendarId === calendar.calendarId, selfRsvp: view.selfRsvpStatus,
    };
  }

  private keyOf(calendar: Calendar, view: EventView, head: number): string {
    return `${tokenGeneration(this.reads)}|${head}|${calendar.calendarId}|${view.event.eventId}|${view.redacted ? 'r' : 'w'}`;
  }

  private async seriesFor(calendar: Calendar, view: EventView, addresses: AddressBook): Promise<EncodableSeries> {
    const series = await seriesOf(this.reads, addresses, calendar, view.event);
    return view.redacted ? redacted(series) : series;
  }
}

/**
 * The refs of the users an unredacted series' text is made from, as seriesOf
 * looks them up: a user gone is named too (their return would change it).
 */
function peopleOf(calendar: Calendar, series: EncodableSeries): string[] {
  const refs = new Set<string>();
  const organizer = series.master.event.organizer ?? calendar.owner;
  if (organizer.startsWith('user:')) refs.add(organizer.slice('user:'.length));
  for (const { attendees } of [series.master, ...series.exceptions]) {
    for (const { attendee } of attendees) if (attendee.type === 'user' && attendee.userRef) refs.add(attendee.userRef);
  }
  return [...refs];
}

/** A viewer who sees the time block only (events.md §2.5) gets times and rule, no content. */
function redacted(series: EncodableSeries): EncodableSeries {
  const blank = (event: CalendarEvent): CalendarEvent => ({
    ...event, summary: '', description: '', descriptionRich: '', location: null, attachments: [], videoMeeting: null, schemas: [],
  });
  return {
    organizer: null,
    master: { event: blank(series.master.event), attendees: [] },
    exceptions: series.exceptions.map((x) => ({ event: blank(x.event), attendees: [] })),
  };
}
