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

/** The calendar in the path, through the core's one access check (403 for no role, 404 for none). */
export async function calendarOf(deps: CaldavDeps, principal: Principal, params: PathParams): Promise<CalendarView> {
  requireOwnUser(principal, params);
  return deps.calendars.get(principal.identity, params.calendar ?? '');
}

/** The object's resource name in the path (decoded). */
export function nameOf(params: PathParams): string {
  const name = params.object ?? '';
  if (!isSafeName(name)) throw new DavError(404, undefined, 'no such calendar object');
  return name;
}
