/** Event use cases: create, get, patch, delete, reply (events.md §3.1–§3.3, §3.5, §3.7). */
import { DomainError } from '../errors.js';
import { randomIds, type IdSource } from '../ids.js';
import type { Clock, Needs, OpenTransaction, UnitOfWork } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { loadEvent, resolveCalendar, type EventContext, type EventReads } from './access.js';
import { contentChange, deletion, recordEventChange, recordPersonalChange } from './changes.js';
import { requireCalendarAccess, requireEventAccess } from './event-access.js';
import { recheckRooms } from './attendees/rooms.js';
import { materializeException } from './exceptions.js';
import { checkAttachments } from '../files/attachments.js';
import { checkCheckIn, checkVideoMeeting } from './meeting-rules.js';
import { meetingAfterPatch } from './meeting-url.js';
import { eventIdOf, newEventUid } from './ids.js';
import { contentForCreate, contentForPatch, mergeAttachments, spanOf, uidFor, type EventInput } from './input.js';
import type { CalendarEvent, RsvpStatus } from './model.js';
import { viewEvent, type EventView } from './views.js';
import { selfRsvp, viewpointsFor } from './viewpoints.js';

/** What an attendee may change on its own copy (events.md §2.5). */
const PERSONAL_FIELDS = ['visibility', 'freeBusyStatus', 'color', 'reminders'] as const;

/** An event write: the event and its placements, attendees and rooms, attachments, and its change, in one transaction. */
export type EventWrites = UnitOfWork<'events' | 'attendees' | 'calendars' | 'changes' | 'files' | 'tenancy'>;

export class EventService {
  constructor(
    private readonly store: EventWrites,
    private readonly clock: Clock,
    private readonly ids: IdSource = randomIds,
  ) {}

  /** The same use cases inside an open transaction: each joins it, so several commit as one (a CalDAV PUT). */
  within(transaction: OpenTransaction): EventService {
    return new EventService(transaction, this.clock, this.ids);
  }

  async create(identity: Identity, calendarId: string, input: EventInput, idempotencyKey?: string): Promise<EventView> {
    const content = contentForCreate(input);
    const { firstStart, lastEnd } = spanOf(content);
    checkCheckIn(input.checkIn);
    return this.store.transaction(async (repos) => {
      const calendar = await resolveCalendar(repos, identity, calendarId);
      requireCalendarAccess(identity, calendar, 'create');
      checkVideoMeeting(input.videoMeeting, calendar.calendar.owner.startsWith('app:'), true);
      const attachments = await checkAttachments(repos.files, { calendarId: calendar.calendarId, tenantKey: identity.tenantKey }, [], input.attachments);
      const uid = newEventUid(this.ids);
      const eventId = eventIdOf(uid, 0);
      if (idempotencyKey) {
        const holder = await repos.events.claimIdempotent(identity.appId, calendar.calendarId, idempotencyKey, eventId);
        if (holder !== eventId) return this.viewIn(repos, identity, calendar.calendarId, holder);
      }
      const now = this.clock.now();
      const draft: CalendarEvent = {
        ...content, attachments: mergeAttachments([], attachments ?? []), eventId, seriesId: uid, uid: uidFor(input, uid), originalTime: 0, tenantKey: calendar.calendar.tenantKey, organizerCalendarId: calendar.calendarId,
        organizer: calendar.calendar.owner.startsWith('room:') ? identityKey(identity) : (calendar.calendar.owner as CalendarEvent['organizer']),
        status: 'confirmed', isException: false, createTime: Math.floor(now / 1000), version: 0, firstStart, lastEnd,
      };
      // A new event shows on its organizer calendar only, so its change is recorded first
      // and the rows are written once, already carrying that version.
      const version = await recordEventChange(repos, { event: draft, data: { kind: 'event.created', eventId, timeoffEventId: null }, actor: identityKey(identity), at: now, placements: [] });
      const event = { ...draft, version };
      await repos.events.insert(event);
      await repos.events.putPlacement({ calendarId: calendar.calendarId, eventId, reason: 'organizer', removed: false, version, firstStart, lastEnd }, event);
      // The caller organizes it (writer or owner here), and nobody has settings or replies on it yet.
      const me = identityKey(identity);
      return viewEvent(event, { identity: me, role: calendar.role, isOrganizer: true, isAttendee: false, selfRsvpStatus: selfRsvp(event, me, undefined), personal: undefined });
    }, { tenantKey: identity.tenantKey });
  }

  async get(identity: Identity, calendarId: string, eventId: string): Promise<{ view: EventView; ctx: EventContext }> {
    const calendar = await resolveCalendar(this.store, identity, calendarId);
    requireCalendarAccess(identity, calendar, 'read');
    const ctx = await loadEvent(this.store, identity, calendar, eventId);
    // A plain occurrence has no row of its own (events.md §2.2, observed).
    if (ctx.occurrence !== undefined) throw new DomainError('not_found:event');
    requireEventAccess(identity, ctx, 'read');
    return { view: await this.view(this.store, identity, ctx), ctx };
  }

  async patch(identity: Identity, calendarId: string, eventId: string, input: EventInput): Promise<EventView> {
    return this.store.transaction(async (repos) => {
      const sharedChange = touchesShared(input);
      const operation = sharedChange ? 'edit_shared' : 'edit_personal';
      const calendar = await resolveCalendar(repos, identity, calendarId);
      requireCalendarAccess(identity, calendar, operation);
      let ctx = await loadEvent(repos, identity, calendar, eventId);
      requireEventAccess(identity, ctx, operation);
      checkVideoMeeting(input.videoMeeting, ctx.event.organizer.startsWith('app:'), ctx.isOrganizer);
      checkCheckIn(input.checkIn);
      const attachments = await checkAttachments(repos.files, { calendarId: calendar.calendarId, tenantKey: identity.tenantKey }, ctx.event.attachments, input.attachments);
      if (attachments) input = { ...input, attachments };
      const now = this.clock.now();
      if (ctx.occurrence !== undefined) ctx = { ...ctx, event: await materializeException(repos, ctx.event, ctx.occurrence, 0), occurrence: undefined };
      if (ctx.event.isException && input.recurrence) throw new DomainError('invalid', [{ field: 'recurrence', description: 'an exception takes no recurrence' }]);

      const me = identityKey(identity);
      if (ctx.isOrganizer) {
        await this.updateContent(repos, ctx.event, input, me, now);
      } else {
        if (sharedChange) await this.updateContent(repos, ctx.event, withoutPersonal(input), me, now);
        await this.updatePersonal(repos, ctx.event, me, input, now);
      }
      return this.viewIn(repos, identity, calendar.calendarId, ctx.event.eventId);
    }, { tenantKey: identity.tenantKey });
  }

  async delete(identity: Identity, calendarId: string, eventId: string, options: { deleteException: boolean }): Promise<void> {
    await this.store.transaction(async (repos) => {
      const calendar = await resolveCalendar(repos, identity, calendarId);
      requireCalendarAccess(identity, calendar, 'delete');
      const ctx = await loadEvent(repos, identity, calendar, eventId);
      const destroysException = ctx.event.isException && options.deleteException;
      requireEventAccess(identity, ctx, destroysException ? 'delete_exception' : 'delete');
      const now = this.clock.now();
      const actor = identityKey(identity);
      if (destroysException) {
        // delete_exception=true destroys the exception: its slot returns to the series (observed, events.md §3.2).
        // Sync clients still learn of it, from the tombstones left at the change's version (§2.10).
        const version = await recordEventChange(repos, { event: ctx.event, data: deletion(ctx.event, true), actor, at: now });
        await repos.events.remove(ctx.event.eventId, version);
        return;
      }
      const target = ctx.occurrence !== undefined ? await materializeException(repos, ctx.event, ctx.occurrence, 0) : ctx.event;
      const cancelled: CalendarEvent = { ...target, status: 'cancelled' };
      await repos.events.update(cancelled);
      const version = await recordEventChange(repos, { event: cancelled, data: deletion(cancelled), actor, at: now });
      await this.setVersion(repos, cancelled, version);
    }, { tenantKey: identity.tenantKey });
  }

  /** The caller's own reply, as a user attendee or member of an attending chat; else 193002. */
  async reply(identity: Identity, calendarId: string, eventId: string, status: Exclude<RsvpStatus, 'needs_action' | 'removed'>): Promise<void> {
    await this.store.transaction(async (repos) => {
      const calendar = await resolveCalendar(repos, identity, calendarId);
      requireCalendarAccess(identity, calendar, 'reply');
      // Reply finds the event by id: an attendee may answer through the organizer's calendar (events.md §2.6).
      const ctx = await loadEvent(repos, identity, calendar, eventId, { anyCalendar: true });
      // Found by id anywhere, an event is only there for who may know of it: an attendee, or a role on
      // a calendar it is on. Anyone else, of this tenant or another, gets the answer an id of nothing
      // gets (193001), not 193002, which would tell that it exists (issue #16 §2).
      if (!knowsOf(ctx)) throw new DomainError('not_found:event');
      requireEventAccess(identity, ctx, 'reply');
      // Never taken (a bot attends nothing, see relationsOf); it narrows the identity to a user.
      if (identity.kind !== 'user') throw new DomainError('forbidden:event');
      // A plain occurrence id answers for the series (unconfirmed; events.md §6).
      const event = ctx.event;
      if (ctx.attendee) await repos.attendees.put({ ...ctx.attendee, rsvpStatus: status });
      for (const membership of ctx.chatMemberships) await repos.attendees.putChatMember({ ...membership, rsvpStatus: status });
      const me = identityKey(identity);
      const version = await recordEventChange(repos, { event, data: { kind: 'event.rsvp', eventId: event.eventId, user: me, rsvpStatus: status }, actor: me, at: this.clock.now() });
      await this.setVersion(repos, event, version);
    }, { tenantKey: identity.tenantKey });
  }

  private async updateContent(repos: Needs<'events' | 'attendees' | 'changes' | 'tenancy'>, event: CalendarEvent, input: EventInput, actor: ReturnType<typeof identityKey>, now: number): Promise<void> {
    const patched = contentForPatch(event, input);
    const content = { ...patched, videoMeeting: await meetingAfterPatch(repos, event, patched.videoMeeting) };
    const { firstStart, lastEnd } = spanOf(content);
    const updated: CalendarEvent = { ...event, ...content, firstStart, lastEnd };
    const moved = content.recurrence !== event.recurrence || JSON.stringify([content.start, content.end]) !== JSON.stringify([event.start, event.end]);
    if (!moved) {
      // Times unchanged, no room to weigh again: the change first, then the row and its placements once, at its version.
      const placements = await repos.events.placementsOf(event.eventId);
      const version = await recordEventChange(repos, { event: updated, data: contentChange(updated, []), actor, at: now, placements });
      await repos.events.update({ ...updated, version }, { stampPlacements: true });
      return;
    }
    // Rooms are weighed against the new times as stored, so the row goes first.
    await repos.events.update(updated);
    await repos.events.updatePlacementSpans(event.eventId, firstStart, lastEnd);
    const released = await recheckRooms(repos, updated);
    const version = await recordEventChange(repos, { event: updated, data: contentChange(updated, released), actor, at: now });
    await this.setVersion(repos, updated, version);
  }

  private async updatePersonal(repos: Needs<'events' | 'calendars' | 'changes'>, event: CalendarEvent, me: ReturnType<typeof identityKey>, input: EventInput, now: number): Promise<void> {
    if (PERSONAL_FIELDS.every((f) => input[f] === undefined)) return;
    const current = await repos.events.getPersonal(event.eventId, me);
    const seq = await recordPersonalChange(repos, event, me, now);
    await repos.events.putPersonal({
      eventId: event.eventId, identity: me, version: seq,
      color: input.color ?? current?.color ?? null,
      reminders: input.reminders ?? current?.reminders ?? null,
      visibility: input.visibility ?? current?.visibility ?? null,
      freeBusyStatus: input.freeBusyStatus ?? current?.freeBusyStatus ?? null,
    });
  }

  /** The event row and its placements carry the version of their last change. */
  private async setVersion(repos: Needs<'events'>, event: CalendarEvent, version: number): Promise<void> {
    await repos.events.update({ ...event, version }, { stampPlacements: true });
  }

  private async viewIn(repos: EventReads, identity: Identity, calendarId: string, eventId: string): Promise<EventView> {
    const calendar = await resolveCalendar(repos, identity, calendarId);
    const ctx = await loadEvent(repos, identity, calendar, eventId, { anyCalendar: true });
    return this.view(repos, identity, ctx);
  }

  private async view(repos: EventReads, identity: Identity, ctx: EventContext): Promise<EventView> {
    const at = (await viewpointsFor(repos, identity, ctx.calendar, [ctx.event])).get(ctx.event.eventId)!;
    return viewEvent(ctx.event, { ...at, selfRsvpStatus: selfRsvp(ctx.event, identityKey(identity), at.selfRsvpStatus), removed: ctx.placement?.removed ?? false });
  }
}

function touchesShared(input: EventInput): boolean {
  return Object.entries(input).some(([key, value]) => value !== undefined && !(PERSONAL_FIELDS as readonly string[]).includes(key));
}

function withoutPersonal(input: EventInput): EventInput {
  const { visibility: _v, freeBusyStatus: _f, color: _c, reminders: _r, ...shared } = input;
  return shared;
}

/** Whether the caller may know the event exists: invited, or holding a role where it is placed. */
function knowsOf(ctx: EventContext): boolean {
  const onPathCalendar = ctx.placement !== undefined && !ctx.placement.removed && ctx.calendar.role !== 'unknown';
  return ctx.attendee !== undefined || ctx.chatMemberships.length > 0 || ctx.seesOrganizerCalendar || onPathCalendar;
}
