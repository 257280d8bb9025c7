/**
 * Time-off events (calendars.md §6): a leave shown as an event on the user's
 * primary calendar, busy like any other, created and deleted by an app. The
 * time-off row and its event are written in one transaction with the change.
 */
import { DomainError, invalid } from '../errors.js';
import { recordEventChange } from '../events/changes.js';
import { eventIdOf, newEventUid } from '../events/ids.js';
import { randomIds, type IdSource } from '../ids.js';
import type { CalendarEvent, EventContent } from '../events/model.js';
import { isTimeZone } from '../events/recurrence/zones.js';
import { MAX_TIMESTAMP, addDays, dateToUtcSeconds, instantOf, isValidDate, type EventTime } from '../events/time.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import type { User } from '../tenancy/model.js';
import type { TimeoffEvent } from './timeoff-ports.js';

export interface TimeoffInput {
  timezone: string;
  startTime: string;
  endTime: string;
  title?: string;
  description?: string;
}

/** The documented default description (calendars.md §6.2 example). */
export const DEFAULT_TIMEOFF_DESCRIPTION = '若删除此日程，飞书中相应的“请假”标签将自动消失，而请假系统中的休假申请不会被撤销。';

/**
 * The default title: the documented one-day example is `请假中(全天) / 1-Day Time Off`;
 * longer all-day leave counts its days the same way, timed leave drops the day count.
 */
export function defaultTimeoffTitle(span: { start: EventTime; end: EventTime }): string {
  if (span.start.kind === 'timed') return '请假中 / Time Off';
  const days = Math.round((instantOf(span.end) - instantOf(span.start)) / 86400);
  return `请假中(全天) / ${days}-Day Time Off`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SECONDS = /^\d{1,11}$/;

/** Both Unix seconds (timed leave) or both dates (all-day, end date inclusive); a mix is refused. */
export function parseTimeoffSpan(input: Pick<TimeoffInput, 'timezone' | 'startTime' | 'endTime'>): { start: EventTime; end: EventTime } {
  if (!isTimeZone(input.timezone)) throw invalid('timezone', 'must be an IANA time zone', input.timezone);
  const startIsDate = DATE.test(input.startTime);
  const endIsDate = DATE.test(input.endTime);
  if (!startIsDate && !SECONDS.test(input.startTime)) throw invalid('start_time', 'must be Unix seconds or a date YYYY-MM-DD', input.startTime);
  if (!endIsDate && !SECONDS.test(input.endTime)) throw invalid('end_time', 'must be Unix seconds or a date YYYY-MM-DD', input.endTime);
  if (startIsDate !== endIsDate) throw invalid('end_time', 'start_time and end_time must both be timestamps or both be dates', input.endTime);
  if (startIsDate) {
    if (!isValidDate(input.startTime)) throw invalid('start_time', 'is not a calendar date', input.startTime);
    if (!isValidDate(input.endTime)) throw invalid('end_time', 'is not a calendar date', input.endTime);
    if (dateToUtcSeconds(input.endTime) < dateToUtcSeconds(input.startTime)) throw invalid('end_time', 'must not be before start_time', input.endTime);
    // The end date is the last day of leave (the documented one-day example has start = end); stored exclusive.
    return { start: { kind: 'date', date: input.startTime }, end: { kind: 'date', date: addDays(input.endTime, 1) } };
  }
  const start = Number(input.startTime);
  const end = Number(input.endTime);
  if (start < 1 || start > MAX_TIMESTAMP) throw invalid('start_time', `must be Unix seconds from 1 to ${MAX_TIMESTAMP}`, input.startTime);
  if (end > MAX_TIMESTAMP) throw invalid('end_time', `must be Unix seconds up to ${MAX_TIMESTAMP}`, input.endTime);
  if (end <= start) throw invalid('end_time', 'must be after start_time', input.endTime);
  return { start: { kind: 'timed', ts: start, tz: input.timezone }, end: { kind: 'timed', ts: end, tz: input.timezone } };
}

function leaveContent(title: string, description: string, span: { start: EventTime; end: EventTime }): EventContent {
  return {
    summary: title, description, descriptionRich: '', ...span, recurrence: '',
    visibility: 'default', attendeeAbility: 'none', freeBusyStatus: 'busy', color: -1, reminders: [],
    location: null, videoMeeting: null, schemas: [], attachments: [], checkIn: null, source: '',
  };
}

export class TimeoffService {
  constructor(
    private readonly store: UnitOfWork<'calendars' | 'events' | 'timeoffs' | 'changes'>,
    private readonly clock: Clock,
    private readonly ids: IdSource = randomIds,
  ) {}

  /** `appId` creates leave for `user` (already resolved within the app's tenant; 195100 otherwise). */
  async create(appId: string, user: User, input: TimeoffInput): Promise<TimeoffEvent> {
    const span = parseTimeoffSpan(input);
    const title = input.title || defaultTimeoffTitle(span);
    const description = input.description || DEFAULT_TIMEOFF_DESCRIPTION;
    return this.store.transaction(async (repos) => {
      const primary = await repos.calendars.primaryOf(`user:${user.ref}`);
      if (!primary || primary.deleted) throw new DomainError('not_found:user');
      const now = this.clock.now();
      const uid = newEventUid(this.ids);
      const event: CalendarEvent = {
        ...leaveContent(title, description, span), eventId: eventIdOf(uid, 0), seriesId: uid, uid, originalTime: 0, tenantKey: user.tenantKey,
        organizerCalendarId: primary.calendarId, organizer: `user:${user.ref}`, status: 'confirmed', isException: false,
        createTime: Math.floor(now / 1000), version: 0, firstStart: instantOf(span.start), lastEnd: instantOf(span.end),
      };
      await repos.events.insert(event);
      await repos.events.putPlacement({
        calendarId: primary.calendarId, eventId: event.eventId, reason: 'organizer', removed: false, version: 0, firstStart: event.firstStart, lastEnd: event.lastEnd,
      });
      const timeoff: TimeoffEvent = {
        timeoffEventId: this.ids.timeoffEventId(), tenantKey: user.tenantKey, appId, userRef: user.ref, eventId: event.eventId,
        timezone: input.timezone, startTime: input.startTime, endTime: input.endTime, title, description, deleted: false, createdAt: now,
      };
      await repos.timeoffs.insert(timeoff);
      const data = { kind: 'event.created', eventId: event.eventId, timeoffEventId: timeoff.timeoffEventId } as const;
      const version = await recordEventChange(repos, { event, data, actor: `app:${appId}`, at: now });
      await setVersion(repos, event, version);
      return timeoff;
    });
  }

  /** Only the creating app may delete (195000); an unknown or deleted id is 190002 (calendars.md §6.3, unconfirmed). */
  async delete(appId: string, tenantKey: string, timeoffEventId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const timeoff = await repos.timeoffs.get(timeoffEventId);
      if (!timeoff || timeoff.tenantKey !== tenantKey) throw invalid('timeoff_event_id', 'no such time-off event', timeoffEventId);
      if (timeoff.appId !== appId) throw new DomainError('forbidden:timeoff');
      if (timeoff.deleted) throw invalid('timeoff_event_id', 'the time-off event is deleted', timeoffEventId);
      await repos.timeoffs.markDeleted(timeoffEventId);
      const event = await repos.events.get(timeoff.eventId);
      if (!event || event.status === 'cancelled') return;
      const cancelled: CalendarEvent = { ...event, status: 'cancelled' };
      await repos.events.update(cancelled);
      const data = { kind: 'event.deleted', eventId: event.eventId, timeoffEventId } as const;
      const version = await recordEventChange(repos, { event: cancelled, data, actor: `app:${appId}`, at: this.clock.now() });
      await setVersion(repos, cancelled, version);
    });
  }
}

/** The event row and its placements carry the version of their last change (as event-service.ts does). */
async function setVersion(repos: Needs<'events'>, event: CalendarEvent, version: number): Promise<void> {
  await repos.events.update({ ...event, version });
  for (const placement of await repos.events.placementsOf(event.eventId)) {
    await repos.events.putPlacement({ ...placement, version });
  }
}
