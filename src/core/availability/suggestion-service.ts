/**
 * POST /freebusy/suggestion (calendars.md §5.5): every input is checked first
 * (190014 with the field, 195100 for a user not in the tenant); then each
 * person's busy periods come from FreeBusyService (the same busy rules and
 * batched reads as free/busy list), their working hours from the directory,
 * and the pure ranking in suggestion.ts decides.
 *
 * Bounds (none of them documented by Feishu, all ours): a search window of at
 * most 14 days, candidate starts every 15 minutes, at most 50 user ids, 10 chat
 * ids and 50 people once chats are expanded, 50 excluded ranges, 5 proposals;
 * a series is weighed on its first 20 occurrences within 90 days.
 */
import { DomainError, invalid } from '../errors.js';
import type { ParsedRule } from '../events/recurrence/rrule.js';
import { isTimeZone, utcToLocal, localToUtc } from '../events/recurrence/zones.js';
import { DEFAULT_TIMEZONE, MAX_TIMESTAMP } from '../events/time.js';
import type { Clock, Needs } from '../ports.js';
import { Directory } from '../tenancy/directory.js';
import { defaultWorkingHours, type Identity, type User, type UserIdType } from '../tenancy/model.js';
import type { Window } from './freebusy.js';
import type { FreeBusyService } from './freebusy-service.js';
import { ceilSeconds, parseRfc3339 } from './freebusy-time.js';
import { mergeIntervals, suggest, type Interval, type Person, type Suggestions } from './suggestion.js';
import { workingIntervals } from './suggestion-hours.js';
import { meetingRule, RECURRENCE_HORIZON, seriesOccurrences } from './suggestion-recurrence.js';

const DAY = 86400;
export const SUGGESTION_LIMITS = {
  maxSpan: 14 * DAY, step: 15 * 60, maxUserIds: 50, maxChatIds: 10, maxPeople: 50, maxExcluded: 50, proposals: 5,
  /** duration_minutes, as the official CLI accepts it; default 30. */
  minDuration: 1, maxDuration: 1440, defaultDuration: 30,
} as const;

export interface SuggestionRequest {
  searchStartTime?: string;
  searchEndTime?: string;
  timezone?: string;
  eventRrule?: string;
  durationMinutes?: number;
  attendeeUserIds: readonly string[];
  attendeeChatIds: readonly string[];
  excludedEventTimes: ReadonlyArray<{ eventStartTime?: string; eventEndTime?: string }>;
  userIdType: UserIdType;
}

export interface SuggestionAnswer extends Suggestions {
  /** The request's zone: times are written in its offset at each instant. */
  zone: string;
}

function instantOf(text: string, field: string, end = false): number {
  const parsed = parseRfc3339(text);
  if (parsed === 'format') throw invalid(field, `${field} must be an RFC 3339 date-time such as 2026-03-19T10:00:00+08:00`, text);
  if (parsed === 'zone') throw invalid(field, `${field} must end in a time zone offset: Z or ±hh:mm`, text);
  const seconds = end ? ceilSeconds(parsed) : parsed.seconds;
  if (seconds < 0 || seconds > MAX_TIMESTAMP) throw invalid(field, `${field} must lie between 1970 and 2500`, text);
  return seconds;
}

/** The end of the local day of `t` in `zone` (the CLI's default search end). */
function endOfDay(t: number, zone: string): number {
  const local = utcToLocal(t, zone);
  return localToUtc({ ...local, hour: 0, minute: 0, second: 0 }, zone) + DAY;
}

export class SuggestionService {
  private readonly directory: Directory;

  constructor(private readonly store: Needs<'tenancy'>, private readonly freeBusy: FreeBusyService, private readonly clock: Clock) {
    this.directory = new Directory(store);
  }

  async suggest(identity: Identity, request: SuggestionRequest): Promise<SuggestionAnswer> {
    const zone = await this.zoneOf(identity, request.timezone);
    const window = this.windowOf(request, zone);
    const duration = this.durationOf(request.durationMinutes);
    if (duration > window.to - window.from) throw invalid('duration_minutes', 'the meeting is longer than the search window', request.durationMinutes);
    const rule: ParsedRule | undefined = request.eventRrule === undefined || request.eventRrule === '' ? undefined : meetingRule(request.eventRrule);
    const excluded = this.excludedOf(request.excludedEventTimes);
    const users = await this.peopleOf(identity, request);
    // Busy periods and hours reach as far as the last occurrence weighed.
    const reach: Window = { from: window.from, to: window.to + (rule ? RECURRENCE_HORIZON + DAY : 0) };
    const people: Person[] = [];
    for (const user of users) {
      const hours = (await this.store.tenancy.workingHoursOf(user.ref)) ?? defaultWorkingHours(user.timezone);
      const busy = (await this.freeBusy.busyOf(user, reach)).map((i): Interval => ({ start: i.start, end: i.end }));
      people.push({ busy: mergeIntervals(busy), working: workingIntervals(hours, reach.from, reach.to) });
    }
    const result = suggest({
      window, duration, step: SUGGESTION_LIMITS.step, people, excluded, limit: SUGGESTION_LIMITS.proposals,
      ...(rule && { occurrencesOf: seriesOccurrences(rule, zone) }),
    });
    return { ...result, zone };
  }

  /** `timezone`, else the calling user's zone, else Asia/Shanghai (a bot has no zone). */
  private async zoneOf(identity: Identity, timezone: string | undefined): Promise<string> {
    if (timezone !== undefined) {
      if (!isTimeZone(timezone)) throw invalid('timezone', 'timezone must be an IANA time zone such as Asia/Shanghai', timezone);
      return timezone;
    }
    if (identity.kind === 'user') return (await this.store.tenancy.getUser(identity.userRef))?.timezone ?? DEFAULT_TIMEZONE;
    return DEFAULT_TIMEZONE;
  }

  /** Defaults as the CLI's: from now to the end of the start's day in `zone`. */
  private windowOf(request: SuggestionRequest, zone: string): Window {
    const from = request.searchStartTime === undefined ? Math.floor(this.clock.now() / 1000) : instantOf(request.searchStartTime, 'search_start_time');
    const to = request.searchEndTime === undefined ? endOfDay(from, zone) : instantOf(request.searchEndTime, 'search_end_time', true);
    if (to <= from) throw invalid('search_end_time', 'search_end_time must be after search_start_time', request.searchEndTime);
    if (to - from > SUGGESTION_LIMITS.maxSpan) {
      throw invalid('search_end_time', `search_end_time − search_start_time may be at most ${SUGGESTION_LIMITS.maxSpan / DAY} days`, request.searchEndTime);
    }
    return { from, to };
  }

  private durationOf(minutes: number | undefined): number {
    const m = minutes ?? SUGGESTION_LIMITS.defaultDuration;
    if (!Number.isInteger(m) || m < SUGGESTION_LIMITS.minDuration || m > SUGGESTION_LIMITS.maxDuration) {
      throw invalid('duration_minutes', `duration_minutes must be an integer from ${SUGGESTION_LIMITS.minDuration} to ${SUGGESTION_LIMITS.maxDuration}`, minutes);
    }
    return m * 60;
  }

  private excludedOf(ranges: SuggestionRequest['excludedEventTimes']): Interval[] {
    if (ranges.length > SUGGESTION_LIMITS.maxExcluded) throw invalid('excluded_event_times', `at most ${SUGGESTION_LIMITS.maxExcluded} ranges`);
    return ranges.map((r, i) => {
      const field = `excluded_event_times[${i}]`;
      if (r.eventStartTime === undefined) throw invalid(`${field}.event_start_time`, 'event_start_time is required');
      if (r.eventEndTime === undefined) throw invalid(`${field}.event_end_time`, 'event_end_time is required');
      const start = instantOf(r.eventStartTime, `${field}.event_start_time`);
      const end = instantOf(r.eventEndTime, `${field}.event_end_time`, true);
      if (end <= start) throw invalid(`${field}.event_end_time`, 'event_end_time must be after event_start_time', r.eventEndTime);
      return { start, end };
    });
  }

  /** Users, then chat members, each person once, in that order. */
  private async peopleOf(identity: Identity, request: SuggestionRequest): Promise<User[]> {
    const { attendeeUserIds: ids, attendeeChatIds: chats } = request;
    if (ids.length > SUGGESTION_LIMITS.maxUserIds) throw invalid('attendee_user_ids', `at most ${SUGGESTION_LIMITS.maxUserIds} user ids`);
    if (chats.length > SUGGESTION_LIMITS.maxChatIds) throw invalid('attendee_chat_ids', `at most ${SUGGESTION_LIMITS.maxChatIds} chat ids`);
    const people = new Map<string, User>();
    for (const id of ids) {
      const user = await this.directory.resolveUser(identity, id, request.userIdType);
      if (!user) throw new DomainError('not_found:user', [{ field: 'attendee_user_ids', description: 'no such user in the tenant', value: id }]);
      people.set(user.ref, user);
    }
    for (const chatId of chats) {
      const chat = await this.store.tenancy.getChat(chatId);
      if (!chat || chat.tenantKey !== identity.tenantKey) throw invalid('attendee_chat_ids', 'no such chat in the tenant', chatId);
      for (const ref of chat.memberRefs) {
        if (people.has(ref)) continue;
        const user = await this.store.tenancy.getUser(ref);
        if (user) people.set(ref, user);
        if (people.size > SUGGESTION_LIMITS.maxPeople) break;
      }
    }
    if (people.size === 0) throw invalid('attendee_user_ids', 'name at least one attendee: attendee_user_ids or a chat with members');
    if (people.size > SUGGESTION_LIMITS.maxPeople) throw invalid('attendee_chat_ids', `the attendees come to more than ${SUGGESTION_LIMITS.maxPeople} people`);
    return [...people.values()];
  }
}
