/** From a path's parameters to what it names, for the principal asking: someone else's home is not found (RFC 4918 §9.1 leaves it to us). */
import type { CalendarView } from '../../core/calendars/model.js';
import type { Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { DavError } from './errors.js';
import { isSafeName } from './paths.js';

export interface PathParams {
  user?: string;
  calendar?: string;
  object?: string;
}

export function requireOwnUser(principal: Principal, params: PathParams): void {
  if (params.user !== principal.user.userId) throw new DavError(404, undefined, 'no such principal or calendar home');
}

/**
 * Where a user's calendar aliases live in caldav_object_names: the segment a
 * client asked MKCALENDAR/MKCOL for names the calendar the server made
 * (calendars.md §2.1: ids are the server's), so the client keeps its URL.
 */
export const homeKey = (principal: Principal): string => `home:${principal.identity.tenantKey}/${principal.user.userId}`;

/** The calendar id a path segment stands for: an alias, else the id itself. */
export async function calendarIdOf(deps: CaldavDeps, principal: Principal, segment: string): Promise<string> {
  return (await deps.store.caldavNames.uidOf(homeKey(principal), segment)) ?? segment;
}

/** The calendar in the path, through the core's one access check (403 for no role, 404 for none). */
export async function calendarOf(deps: CaldavDeps, principal: Principal, params: PathParams): Promise<CalendarView> {
  requireOwnUser(principal, params);
  return deps.calendars.get(principal.identity, await calendarIdOf(deps, principal, params.calendar ?? ''));
}

/** The object's resource name in the path (decoded). */
export function nameOf(params: PathParams): string {
  const name = params.object ?? '';
  if (!isSafeName(name)) throw new DavError(404, undefined, 'no such calendar object');
  return name;
}
