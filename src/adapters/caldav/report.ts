/**
 * REPORT on a calendar collection: calendar-multiget (RFC 4791 §7.9),
 * calendar-query with comp-filter and time-range (§7.8, §9.7, §9.9), and
 * sync-collection (RFC 6578 §3). Range questions go to the core's window
 * list, which narrows by index and decides overlap exactly.
 */
import type { Principal } from './auth.js';
import type { CalendarObject } from './calendar-objects.js';
import { coreTokenOf, currentSyncToken, type CaldavDeps } from './context.js';
import { caldavCondition, DavError, needPrivileges } from './errors.js';
import { hrefStatus, multistatus, propstats, type PropRequest } from './multistatus.js';
import { objectPath, targetOfHref } from './paths.js';
import { objectResource } from './properties.js';
import { parseBody, propRequestIn } from './propfind.js';
import { calendarOf, type PathParams } from './targets.js';
import { child, childrenNamed, NS, type XmlNode } from './xml.js';

export async function report(deps: CaldavDeps, principal: Principal, params: PathParams, body: string, depth: string | undefined): Promise<string> {
  const root = parseBody(body);
  const view = await calendarOf(deps, principal, params);
  const key = `${root.ns}|${root.name}`;
  if (view.role === 'free_busy_reader') throw needPrivileges('reports on events need DAV:read on the calendar');
  const calendarId = view.calendar.calendarId;
  const request = propRequestIn(root);
  const answer = (objects: readonly CalendarObject[]) => objects.map((o) => propstats(objectResource(principal, calendarId, o, true), request));
  switch (key) {
    case `${NS.caldav}|calendar-multiget`: {
      const responses = [];
      for (const href of childrenNamed(root, NS.dav, 'href')) {
        const target = targetOfHref(href.text.trim());
        const object = target?.kind === 'object' && target.calendarId === calendarId && target.user === principal.user.userId
          ? await deps.objects.get(principal.identity, view.calendar, target.uid)
          : undefined;
        responses.push(object ? propstats(objectResource(principal, calendarId, object, true), request) : hrefStatus(href.text.trim(), 404, 'Not Found'));
      }
      return multistatus(responses);
    }
    case `${NS.caldav}|calendar-query`: {
      if (depth !== undefined && depth.trim() === '0') return multistatus([]);
      const window = windowOf(root);
      if (window === 'none') return multistatus([]);
      return multistatus(answer(await deps.objects.list(principal.identity, view.calendar, window)));
    }
    case `${NS.dav}|sync-collection`:
      return syncCollection(deps, principal, view.calendar, root, request);
    default:
      throw new DavError(403, { ns: NS.dav, name: 'supported-report' }, `REPORT ${root.name} is not supported here`);
  }
}

/**
 * The time-range of a VCALENDAR > VEVENT comp-filter (RFC 4791 §9.7.1), in
 * UTC seconds; no range is the whole calendar. Filters on other components
 * match nothing, as the calendar holds VEVENTs only.
 */
function windowOf(root: XmlNode): { from: number; to: number } | undefined | 'none' {
  const filter = child(root, NS.caldav, 'filter');
  const calendar = filter && child(filter, NS.caldav, 'comp-filter');
  if (!calendar || calendar.attributes.name?.toUpperCase() !== 'VCALENDAR') throw new DavError(403, caldavCondition('valid-filter'), 'calendar-query needs a VCALENDAR comp-filter');
  const event = child(calendar, NS.caldav, 'comp-filter');
  if (!event) return undefined;
  if (event.attributes.name?.toUpperCase() !== 'VEVENT') return 'none';
  const range = child(event, NS.caldav, 'time-range');
  if (!range) return undefined;
  // §9.9: an absent start is -infinity, an absent end +infinity.
  const from = range.attributes.start ? utcSeconds(range.attributes.start) : 0;
  const to = range.attributes.end ? utcSeconds(range.attributes.end) : 253402300799;
  if (to <= from) throw new DavError(403, caldavCondition('valid-filter'), 'time-range end must be after its start');
  return { from, to };
}

/** §9.9: start and end are UTC date-times, `YYYYMMDDTHHMMSSZ`. */
function utcSeconds(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text.trim());
  if (!match) throw new DavError(403, caldavCondition('valid-filter'), `time-range takes UTC date-times (YYYYMMDDTHHMMSSZ), not ${text}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

async function syncCollection(deps: CaldavDeps, principal: Principal, calendar: Parameters<CaldavDeps['objects']['list']>[1], root: XmlNode, request: PropRequest): Promise<string> {
  const level = child(root, NS.dav, 'sync-level')?.text.trim() ?? '1';
  // RFC 6578 §3.3: a calendar holds no child collections, so level infinite reads as 1.
  if (level !== '1' && level !== 'infinite') throw new DavError(400, undefined, 'sync-level must be 1');
  const given = child(root, NS.dav, 'sync-token')?.text.trim() ?? '';
  const token = await currentSyncToken(deps);
  const resource = (o: CalendarObject) => propstats(objectResource(principal, calendar.calendarId, o, true), request);
  if (given === '') return multistatus((await deps.objects.list(principal.identity, calendar)).map(resource), token);
  const { changed, removed } = await deps.objects.changesSince(principal.identity, calendar, await coreTokenOf(deps, given));
  const gone = removed.map((uid) => hrefStatus(objectPath(principal.user.userId, calendar.calendarId, uid), 404, 'Not Found'));
  return multistatus([...changed.map(resource), ...gone], token);
}
