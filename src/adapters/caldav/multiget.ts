/**
 * calendar-multiget (RFC 4791 §7.9): every href of the request is resolved in
 * one batch (calendar-objects.ts's manyNamed: one access check for the
 * calendar, one read of its series), and answered in the order asked; an href
 * that names nothing here, or nothing live, answers 404 in its place.
 */
import type { Calendar } from '../../core/calendars/model.js';
import type { Principal } from './auth.js';
import type { CalendarObject } from './calendar-objects.js';
import type { CaldavDeps } from './context.js';
import { hrefStatus } from './multistatus.js';
import { targetOfHref } from './paths.js';
import type { Out } from './xml.js';

export async function multigetResponses(
  deps: CaldavDeps, principal: Principal, calendar: Calendar, segment: string, hrefs: readonly string[], answer: (object: CalendarObject) => Promise<Out>,
): Promise<Out[]> {
  const names = hrefs.map((href) => nameIn(principal, calendar, segment, href));
  const found = await deps.objects.manyNamed(principal.identity, calendar, names.filter((n): n is string => n !== undefined));
  const responses: Out[] = [];
  for (const [i, href] of hrefs.entries()) {
    const name = names[i];
    const object = name === undefined ? undefined : found.get(name);
    responses.push(object ? await answer(object) : hrefStatus(href, 404, 'Not Found'));
  }
  return responses;
}

/** The resource name an href gives on this calendar (by the path's segment or its id), in the principal's home; else undefined. */
function nameIn(principal: Principal, calendar: Calendar, segment: string, href: string): string | undefined {
  const target = targetOfHref(href);
  const ours = target?.kind === 'object' && (target.calendarId === segment || target.calendarId === calendar.calendarId) && target.user === principal.user.userId;
  return ours ? target.name : undefined;
}
