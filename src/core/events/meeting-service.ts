/**
 * Meeting chats and minutes of events (events.md §3.16–§3.18): one of each per
 * series, created from the caller's primary calendar by anyone who has the
 * event there with writer rights.
 */
import { randomIds, type IdSource } from '../ids.js';
import { DomainError } from '../errors.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { loadEvent, resolveCalendar, type EventContext, type EventReads } from './access.js';
import { requireCalendarAccess, requireEventAccess } from './event-access.js';
import type { Attendee, CalendarEvent } from './model.js';

/** Titles that never get minutes (documented on the create-event body). */
const NO_MINUTES = ['晋升', '绩效', '述职', '调薪', '调级', '复议', '申诉', '校准', '答辩'];

export function meetingChatAppLink(chatId: string): string {
  return `https://applink.feishu.cn/client/chat/open?openChatId=${chatId}`;
}

export class MeetingService {
  constructor(
    readonly store: UnitOfWork<'events' | 'attendees' | 'calendars' | 'eventExtras' | 'tenancy'>,
    readonly clock: Clock,
    private readonly ids: IdSource = randomIds,
  ) {}

  /** ≥ 2 attendees and a visible list, else 195109; a second call returns the series' chat. */
  async createChat(identity: Identity, calendarId: string, eventId: string): Promise<{ chatId: string }> {
    return this.store.transaction(async (repos) => {
      const ctx = await this.onOwnPrimary(repos, identity, calendarId, eventId, 'meeting_chat');
      const attendees = await this.attendeesOf(repos, ctx.event);
      if (attendees.length < 2 || ctx.event.attendeeAbility === 'none') throw new DomainError('unsupported:meeting_chat');
      const extras = await repos.eventExtras.get(ctx.event.seriesId);
      if (extras?.meetingChatId) return { chatId: extras.meetingChatId };
      const chatId = this.ids.chatId();
      await repos.tenancy.insertChat({ chatId, tenantKey: ctx.event.tenantKey, name: ctx.event.summary || 'Meeting chat', memberRefs: [...(await this.memberRefs(repos, ctx.event, attendees))] });
      await repos.eventExtras.put(ctx.event.seriesId, { meetingChatId: chatId, meetingChatOwner: identityKey(identity), minuteUrl: extras?.minuteUrl ?? null });
      return { chatId };
    }, { tenantKey: identity.tenantKey });
  }

  /** Unbinds the chat from the series; the chat itself stays. 195108 another chat, 195107 not its owner. */
  async deleteChat(identity: Identity, calendarId: string, eventId: string, chatId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const ctx = await this.onOwnPrimary(repos, identity, calendarId, eventId, 'unbind_meeting_chat');
      const extras = await repos.eventExtras.get(ctx.event.seriesId);
      if (!extras?.meetingChatId || extras.meetingChatId !== chatId) throw new DomainError('conflict:meeting_chat');
      if (extras.meetingChatOwner !== identityKey(identity)) throw new DomainError('forbidden:meeting_chat_unbind');
      await repos.eventExtras.put(ctx.event.seriesId, { ...extras, meetingChatId: null, meetingChatOwner: null });
    }, { tenantKey: identity.tenantKey });
  }

  /** ≥ 1 attendee, ability not `none`, no sensitive title, else 195110; the same document on every call. */
  async createMinute(identity: Identity, calendarId: string, eventId: string): Promise<{ docUrl: string }> {
    return this.store.transaction(async (repos) => {
      const ctx = await this.onOwnPrimary(repos, identity, calendarId, eventId, 'meeting_minute');
      const attendees = await this.attendeesOf(repos, ctx.event);
      const sensitive = NO_MINUTES.some((word) => ctx.event.summary.includes(word));
      if (attendees.length < 1 || ctx.event.attendeeAbility === 'none' || sensitive) throw new DomainError('unsupported:meeting_minute');
      const extras = await repos.eventExtras.get(ctx.event.seriesId);
      if (extras?.minuteUrl) return { docUrl: extras.minuteUrl };
      const tenant = await repos.tenancy.getTenant(ctx.event.tenantKey);
      const docUrl = `https://${tenant?.domain ?? 'larkcal'}.feishu.cn/docx/${this.ids.docToken()}`;
      await repos.eventExtras.put(ctx.event.seriesId, { meetingChatId: extras?.meetingChatId ?? null, meetingChatOwner: extras?.meetingChatOwner ?? null, minuteUrl: docUrl });
      return { docUrl };
    }, { tenantKey: identity.tenantKey });
  }

  /**
   * The calendar must be the caller's own primary, with writer (else the
   * operation's own code, event-access.ts); the event must be on it. A plain
   * occurrence id is not an event here: 193001 (observed: use the master or an
   * exception, events.md §3.16).
   */
  private async onOwnPrimary(repos: EventReads, identity: Identity, calendarId: string, eventId: string, op: 'meeting_chat' | 'unbind_meeting_chat' | 'meeting_minute'): Promise<EventContext> {
    const calendar = await resolveCalendar(repos, identity, calendarId);
    requireCalendarAccess(identity, calendar, op);
    const ctx = await loadEvent(repos, identity, calendar, eventId);
    if (ctx.occurrence !== undefined) throw new DomainError('not_found:event');
    requireEventAccess(identity, ctx, op);
    return ctx;
  }

  private attendeesOf(repos: Needs<'attendees'>, event: CalendarEvent): Promise<Attendee[]> {
    return repos.attendees.list(event.eventId, { includeRemoved: false, offset: 0, limit: 10_000 });
  }

  /** The chat's members: user attendees of the tenant and the members of attending chats; externals stay out. */
  private async memberRefs(repos: Needs<'attendees'>, event: CalendarEvent, attendees: Attendee[]): Promise<Set<string>> {
    const refs = new Set<string>();
    for (const a of attendees) {
      if (a.type === 'user' && a.userRef && !a.isExternal) refs.add(a.userRef);
      if (a.type === 'chat') for (const m of await repos.attendees.chatMembers(event.eventId, a.attendeeId)) refs.add(m.userRef);
    }
    return refs;
  }
}
