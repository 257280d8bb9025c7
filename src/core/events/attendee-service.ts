/** Attendees, chat members and meeting rooms of events (events.md §2.6–§2.7, §3.12–§3.15). */
import { DomainError, invalid } from '../errors.js';
import { decodeCursor, encodeCursor, type PageRequest } from '../paging.js';
import type { Clock, Needs, OpenTransaction, UnitOfWork } from '../ports.js';
import { INSTANT_BOOKING, type RoomBooking } from '../rooms/booking-mode.js';
import { identityKey, type Identity, type UserIdType } from '../tenancy/model.js';
import { loadEvent, resolveCalendar, type EventContext, type EventReads } from './access.js';
import { addAttendees } from './attendees/add.js';
import { AttendeeResolver, type AttendeeInput } from './attendees/resolve.js';
import { removeAttendees } from './attendees/remove.js';
import { eventAllows, requireCalendarAccess, requireEventAccess } from './event-access.js';
import { materializeException } from './exceptions.js';
import type { Attendee, CalendarEvent, RsvpStatus } from './model.js';

export type { AttendeeInput } from './attendees/resolve.js';

/** Per add call 1000 attendees, 100 of them rooms; per remove call 500 (events.md §7; 190002, §5.12). */
const MAX_ADD = 1000;
const MAX_ROOMS_ADD = 100;
const MAX_REMOVE = 500;

export interface AttendeePage {
  event: CalendarEvent;
  attendees: Attendee[];
  hasMore: boolean;
  /** Only while `hasMore` ("Otherwise, page_token will not be returned"). */
  pageToken?: string;
  /** The caller may read room booking forms (organizer, or attendee with can_modify_event). */
  mayEdit: boolean;
}

export interface ChatMemberView {
  userRef: string;
  rsvpStatus: RsvpStatus;
  isOptional: boolean;
  isOrganizer: boolean;
  isExternal: boolean;
  displayName: string;
}

export class AttendeeService {
  private readonly resolver: AttendeeResolver;

  constructor(
    readonly store: UnitOfWork<'events' | 'attendees' | 'calendars' | 'changes' | 'tenancy' | 'roomBookings'>,
    readonly clock: Clock,
    /** How added rooms are booked: at once (default), or queued for settlement. */
    private readonly roomBooking: RoomBooking = INSTANT_BOOKING,
  ) {
    this.resolver = new AttendeeResolver(store);
  }

  /** The same use cases inside an open transaction: each joins it, so several commit as one (a CalDAV PUT). */
  within(transaction: OpenTransaction): AttendeeService {
    return new AttendeeService(transaction, this.clock, this.roomBooking);
  }

  /** Adds attendees and answers with every attendee of the event (events.md §3.12, §5.9). */
  async add(identity: Identity, calendarId: string, eventId: string, inputs: readonly AttendeeInput[], idType: UserIdType, options: { addOperator: boolean }): Promise<Attendee[]> {
    if (inputs.length > MAX_ADD) throw invalid('attendees', `at most ${MAX_ADD} attendees per call`, inputs.length);
    if (inputs.filter((a) => a.type === 'resource').length > MAX_ROOMS_ADD) throw invalid('attendees', `at most ${MAX_ROOMS_ADD} rooms per call`);
    const drafts = await this.resolver.drafts(identity, inputs, idType, options.addOperator);
    return this.store.transaction(async (repos) => {
      const ctx = await this.writable(repos, identity, calendarId, eventId, 'invite');
      const event = await this.target(repos, ctx);
      await addAttendees(repos, event, drafts, identityKey(identity), this.clock.now(), this.roomBooking);
      return repos.attendees.list(event.eventId, { includeRemoved: false, offset: 0, limit: 10_000 });
    }, { tenantKey: identity.tenantKey });
  }

  /** Organizer only (194003); unknown attendees 194000; removed ones leave the list and their calendars. */
  async remove(identity: Identity, calendarId: string, eventId: string, attendeeIds: readonly string[], deleteIds: readonly AttendeeInput[], idType: UserIdType): Promise<void> {
    if (attendeeIds.length + deleteIds.length > MAX_REMOVE) throw invalid('attendee_ids', `at most ${MAX_REMOVE} attendee_ids and delete_ids together`);
    const ids = [...attendeeIds];
    for (const [i, item] of deleteIds.entries()) ids.push(await this.resolver.attendeeIdOf(identity, item, i, idType));
    await this.store.transaction(async (repos) => {
      const ctx = await this.writable(repos, identity, calendarId, eventId, 'remove_attendees');
      const event = await this.target(repos, ctx);
      await removeAttendees(repos, event, [...new Set(ids)], identityKey(identity), this.clock.now());
    }, { tenantKey: identity.tenantKey });
  }

  async list(identity: Identity, calendarId: string, eventId: string, page: PageRequest): Promise<AttendeePage> {
    const ctx = await this.readable(identity, calendarId, eventId);
    const now = this.clock.now();
    const { size, prefix } = page;
    const offset = page.token ? decodeCursor(prefix, page.token, now).offset : 0;
    const rows = await this.store.attendees.list(ctx.event.eventId, { includeRemoved: false, offset, limit: size + 1 });
    const hasMore = rows.length > size;
    return {
      event: ctx.event, attendees: rows.slice(0, size), hasMore, mayEdit: eventAllows(identity, ctx, 'read_editor_fields'),
      ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }),
    };
  }

  /** For GET event with need_attendee: the first `limit` attendees, 194001 when the list is hidden. */
  async forEvent(identity: Identity, ctx: EventContext, limit: number): Promise<{ attendees: Attendee[]; hasMore: boolean }> {
    requireEventAccess(identity, ctx, 'list_attendees');
    const rows = await this.store.attendees.list(ctx.event.eventId, { includeRemoved: false, offset: 0, limit: limit + 1 });
    return { attendees: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** Members of a chat attendee: the caller must see the list and be in the chat (194001). */
  async chatMembers(identity: Identity, calendarId: string, eventId: string, attendeeId: string, page: PageRequest): Promise<{
    event: CalendarEvent; members: ChatMemberView[]; hasMore: boolean; pageToken?: string;
  }> {
    const ctx = await this.readable(identity, calendarId, eventId);
    const chat = await this.store.attendees.get(ctx.event.eventId, attendeeId);
    if (!chat || chat.removed) throw new DomainError('not_found:attendee');
    if (chat.type !== 'chat') throw new DomainError('invalid:attendee_type');
    const all = await this.store.attendees.chatMembers(ctx.event.eventId, attendeeId);
    if (identity.kind !== 'user' || !all.some((m) => m.userRef === identity.userRef)) throw new DomainError('forbidden:attendee_list');
    const now = this.clock.now();
    const { size, prefix } = page;
    const offset = page.token ? decodeCursor(prefix, page.token, now).offset : 0;
    const slice = all.slice(offset, offset + size);
    const members: ChatMemberView[] = [];
    for (const m of slice) {
      const user = await this.store.tenancy.getUser(m.userRef);
      members.push({
        userRef: m.userRef, rsvpStatus: m.rsvpStatus, isOptional: chat.isOptional, isOrganizer: ctx.event.organizer === `user:${m.userRef}`,
        isExternal: user !== undefined && user.tenantKey !== ctx.event.tenantKey, displayName: user?.name ?? '',
      });
    }
    const hasMore = offset + size < all.length;
    return { event: ctx.event, members, hasMore, ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }) };
  }

  /** The event as seen from a calendar the caller writes to, once `op` is allowed there. */
  private async writable(repos: EventReads, identity: Identity, calendarId: string, eventId: string, op: 'invite' | 'remove_attendees'): Promise<EventContext> {
    const calendar = await resolveCalendar(repos, identity, calendarId);
    requireCalendarAccess(identity, calendar, op);
    const ctx = await loadEvent(repos, identity, calendar, eventId);
    requireEventAccess(identity, ctx, op);
    return ctx;
  }

  private async readable(identity: Identity, calendarId: string, eventId: string): Promise<EventContext> {
    const calendar = await resolveCalendar(this.store, identity, calendarId);
    requireCalendarAccess(identity, calendar, 'list_attendees');
    const ctx = await loadEvent(this.store, identity, calendar, eventId);
    requireEventAccess(identity, ctx, 'list_attendees');
    return ctx;
  }

  /** An occurrence id changes that occurrence alone: it becomes an exception with its own attendees. */
  private async target(repos: Needs<'events' | 'attendees'>, ctx: EventContext): Promise<CalendarEvent> {
    return ctx.occurrence === undefined ? ctx.event : materializeException(repos, ctx.event, ctx.occurrence, 0);
  }
}
