import type { Needs } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { effectiveRole } from './access.js';
import { DEFAULT_CALENDAR_COLOR, type Calendar, type CalendarMembership, type CalendarView } from './model.js';

/** A calendar as `identity` sees it: its own colour, alias and role. */
export function viewOf(calendar: Calendar, membership: CalendarMembership | undefined, role: CalendarView['role'], inList = false): CalendarView {
  return {
    calendar,
    color: membership?.color ?? DEFAULT_CALENDAR_COLOR,
    summaryAlias: membership?.summaryAlias ?? '',
    role,
    // In list results a calendar the identity left is reported as deleted for it.
    isDeleted: calendar.deleted || (inList && membership !== undefined && !membership.subscribed),
  };
}

/** Views for many calendars at once: one ACL query for the lot. */
export async function viewsOf(repos: Needs<'acls'>, identity: Identity, pairs: Array<[Calendar, CalendarMembership | undefined]>, inList: boolean): Promise<CalendarView[]> {
  const acls = await repos.acls.forIdentity(identityKey(identity), pairs.map(([c]) => c.calendarId));
  const byCalendar = new Map(acls.map((a) => [a.calendarId, a]));
  return pairs.map(([calendar, membership]) =>
    viewOf(calendar, membership, effectiveRole(identity, calendar, byCalendar.get(calendar.calendarId)), inList),
  );
}
