/**
 * REPORT on a calendar collection: calendar-multiget (RFC 4791 §7.9),
 * calendar-query with comp-filter, time-range and expand (§7.8, §9.6.5, §9.7,
 * §9.9), free-busy-query (§7.10) and sync-collection (RFC 6578 §3). Range
 * questions go to the core's window list, which narrows by index and decides
 * overlap exactly. calendar-data may ask for expand or limit-recurrence-set
 * (§9.6.6: the master and only the overrides that impact its range).
 */
import type { Calendar } from '../../core/calendars/model.js';
import type { Principal } from './auth.js';
import type { CalendarObject } from './calendar-objects.js';
import { coreTokenOf, currentSyncToken, type CaldavDeps } from './context.js';
import { caldavCondition, DavError, needPrivileges } from './errors.js';
import { busyPeriods, vfreebusy, type Window } from './free-busy.js';
import { hrefStatus, multistatus, propstats, type PropRequest } from './multistatus.js';
import { multigetResponses } from './multiget.js';
import { objectHref } from './paths.js';
import { objectResource } from './properties.js';
import { parseBody, propRequestIn } from './propfind.js';
import { calendarOf, type PathParams } from './targets.js';
import { child, childrenNamed, NS, type XmlNode } from './xml.js';

export interface ReportAnswer {
  status: 200 | 207;
  type: 'xml' | 'calendar';
  body: string;
}

const xml = (body: string): ReportAnswer => ({ status: 207, type: 'xml', body });

export async function report(deps: CaldavDeps, principal: Principal, params: PathParams, body: string, depth: string | undefined): Promise<ReportAnswer> {
  const root = parseBody(body);
  const view = await calendarOf(deps, principal, params);
  const key = `${root.ns}|${root.name}`;
  if (key === `${NS.caldav}|free-busy-query`) {
    const range = child(root, NS.caldav, 'time-range');
    if (!range) throw new DavError(400, undefined, 'free-busy-query needs a time-range');
    const window = rangeOf(range);
    return { status: 200, type: 'calendar', body: vfreebusy(window, await busyPeriods(deps, principal, view, window), deps.clock.now() / 1000) };
  }
  if (view.role === 'free_busy_reader') throw needPrivileges('reports on events need DAV:read on the calendar');
  const request = propRequestIn(root);
  const segment = params.calendar ?? view.calendar.calendarId;
  const answer = new Answerer(deps, principal, view.calendar, segment, request);
  switch (key) {
    case `${NS.caldav}|calendar-multiget`: {
      const hrefs = childrenNamed(root, NS.dav, 'href').map((node) => node.text.trim());
      return xml(multistatus(await multigetResponses(deps, principal, view.calendar, segment, hrefs, (object) => answer.one(object))));
    }
    case `${NS.caldav}|calendar-query`: {
      if (depth !== undefined && depth.trim() === '0') return xml(multistatus([]));
      const filter = filterOf(root);
      if (filter === 'none') return xml(multistatus([]));
      const objects = await deps.objects.list(principal.identity, view.calendar, filter.window);
      return xml(multistatus(await answer.all(filter.uid ? objects.filter((o) => filter.uid!(o.uid)) : objects)));
    }
    case `${NS.dav}|sync-collection`:
      return xml(await syncCollection(deps, principal, view.calendar, root, answer));
    default:
      throw new DavError(403, { ns: NS.dav, name: 'supported-report' }, `REPORT ${root.name} is not supported here`);
  }
}

/** Each object's response, with its calendar-data as asked: whole, expanded to a window, or its recurrence set limited to one. */
class Answerer {
  private readonly expand: Window | undefined;
  private readonly limit: Window | undefined;

  constructor(
    private readonly deps: CaldavDeps,
    private readonly principal: Principal,
    private readonly calendar: Calendar,
    readonly segment: string,
    private readonly request: PropRequest,
  ) {
    const data = request.kind === 'props' ? request.names.find((n) => n.ns === NS.caldav && n.name === 'calendar-data') : undefined;
    const expand = data && child(data, NS.caldav, 'expand');
    this.expand = expand && rangeOf(expand);
    this.limit = data && limitOf(data, expand !== undefined);
  }

  async one(object: CalendarObject) {
    const { identity } = this.principal;
    const text = this.expand ? await this.deps.objects.expanded(identity, this.calendar, object.uid, this.expand)
      : this.limit ? await this.deps.objects.limited(identity, this.calendar, object.uid, this.limit)
      : object.text;
    return propstats(objectResource(this.principal, this.segment, object, text ?? object.text), this.request);
  }

  async all(objects: readonly CalendarObject[]) {
    const out = [];
    for (const object of objects) out.push(await this.one(object));
    return out;
  }
}

/** §9.6: calendar-data holds expand or limit-recurrence-set, not both (the DTD's choice). */
function limitOf(data: XmlNode, expands: boolean): Window | undefined {
  const limit = child(data, NS.caldav, 'limit-recurrence-set');
  if (!limit) return undefined;
  if (expands) throw new DavError(400, undefined, 'calendar-data takes expand or limit-recurrence-set, not both');
  return rangeOf(limit);
}

interface Filter {
  window?: Window;
  /** RFC 4791 §9.7.2: a UID prop-filter, as python3-caldav's event_by_uid sends. */
  uid?: (uid: string) => boolean;
}

/**
 * The time-range and UID prop-filters of a VCALENDAR > VEVENT comp-filter
 * (RFC 4791 §9.7.1); neither is the whole calendar. Filters on other
 * components match nothing, as the calendar holds VEVENTs only.
 */
function filterOf(root: XmlNode): Filter | 'none' {
  const filter = child(root, NS.caldav, 'filter');
  const calendar = filter && child(filter, NS.caldav, 'comp-filter');
  if (!calendar || calendar.attributes.name?.toUpperCase() !== 'VCALENDAR') throw new DavError(403, caldavCondition('valid-filter'), 'calendar-query needs a VCALENDAR comp-filter');
  const event = child(calendar, NS.caldav, 'comp-filter');
  if (!event) return {};
  if (event.attributes.name?.toUpperCase() !== 'VEVENT') return 'none';
  const out: Filter = {};
  for (const node of event.children) {
    if (node.ns === NS.caldav && node.name === 'time-range') out.window = rangeOf(node);
    else if (node.ns === NS.caldav && node.name === 'prop-filter' && node.attributes.name?.toUpperCase() === 'UID') out.uid = textMatch(node);
    // §7.7: a filter the server cannot apply is refused, not widened.
    else throw new DavError(403, caldavCondition('supported-filter'), `CALDAV:${node.name} inside the VEVENT comp-filter is not supported; time-range and a UID prop-filter are`);
  }
  return out;
}

/** §9.7.5 text-match with the default collation i;ascii-casemap and match-type contains (RFC 7809-era clients send equals too). */
function textMatch(propFilter: XmlNode): (value: string) => boolean {
  const match = child(propFilter, NS.caldav, 'text-match');
  if (!match || propFilter.children.some((c) => c !== match)) throw new DavError(403, caldavCondition('supported-filter'), 'a UID prop-filter takes one text-match');
  const collation = match.attributes.collation ?? 'i;ascii-casemap';
  if (collation !== 'i;ascii-casemap' && collation !== 'i;octet') throw new DavError(403, caldavCondition('supported-collation'), `collation ${collation} is not supported`);
  const fold = (t: string) => (collation === 'i;octet' ? t : t.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const needle = fold(match.text);
  const type = match.attributes['match-type'] ?? 'contains';
  const test = (v: string): boolean => (type === 'equals' ? v === needle : type === 'starts-with' ? v.startsWith(needle) : type === 'ends-with' ? v.endsWith(needle) : v.includes(needle));
  const negate = match.attributes['negate-condition'] === 'yes';
  return (value) => test(fold(value)) !== negate;
}

/** §9.9: an absent start is -infinity, an absent end +infinity. */
function rangeOf(range: XmlNode): Window {
  const from = range.attributes.start ? utcSeconds(range.attributes.start) : 0;
  const to = range.attributes.end ? utcSeconds(range.attributes.end) : 16725225600;
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

async function syncCollection(deps: CaldavDeps, principal: Principal, calendar: Calendar, root: XmlNode, answer: Answerer): Promise<string> {
  const level = child(root, NS.dav, 'sync-level')?.text.trim() ?? '1';
  // RFC 6578 §3.3: a calendar holds no child collections, so level infinite reads as 1.
  if (level !== '1' && level !== 'infinite') throw new DavError(400, undefined, 'sync-level must be 1');
  const given = child(root, NS.dav, 'sync-token')?.text.trim() ?? '';
  // The token is taken before reading, so a change made meanwhile comes back in the next sync.
  const token = await currentSyncToken(deps, principal.identity.tenantKey);
  if (given === '') return multistatus(await answer.all(await deps.objects.list(principal.identity, calendar)), token);
  const { changed, removed } = await deps.objects.changesSince(principal.identity, calendar, await coreTokenOf(deps, principal.identity.tenantKey, given));
  const gone = removed.map((name) => hrefStatus(objectHref(principal.user.userId, answer.segment, name), 404, 'Not Found'));
  return multistatus([...(await answer.all(changed)), ...gone], token);
}
