/**
 * The live properties of each kind of resource (RFC 4918 §15, RFC 3744 §5,
 * RFC 4791 §5.2 and §6.2, RFC 5397, RFC 6578 §4, and the calendarserver.org
 * getctag and Apple calendar-color that Apple Calendar, Thunderbird and DAVx⁵
 * read). A resource is its href and a table of property → value; a name not in
 * the table is answered 404 in PROPFIND (RFC 4918 §9.1).
 */
import type { Role } from '../../core/calendars/model.js';
import type { CalendarView } from '../../core/calendars/model.js';
import type { Principal } from './auth.js';
import type { CalendarObject } from './calendar-objects.js';
import { DAV_PREFIX, calendarPath, homePath, objectHref, principalPath } from './paths.js';
import { dav, el, keyOf, NS, type Out } from './xml.js';

export type PropertyValue = string | readonly Out[];

export interface Resource {
  href: string;
  /** `{ns}name` → the property's element. */
  properties: Map<string, Out>;
}

export const OBJECT_CONTENT_TYPE = 'text/calendar; charset=utf-8; component=VEVENT';

function table(entries: ReadonlyArray<Out | undefined>): Map<string, Out> {
  return new Map(entries.filter((e): e is Out => e !== undefined).map((e) => [keyOf(e), e]));
}

const href = (path: string): Out => dav('href', path);
const caldav = (name: string, content?: PropertyValue, attributes?: Record<string, string>): Out => el(NS.caldav, name, content, attributes);

function identityProperties(principal: Principal): Out[] {
  return [dav('current-user-principal', [href(principalPath(principal.user.userId))])];
}

export function rootResource(path: string, principal: Principal): Resource {
  return {
    href: path,
    properties: table([
      dav('resourcetype', [dav('collection')]),
      dav('displayname', 'larkcal'),
      ...identityProperties(principal),
      dav('principal-collection-set', [href(`${DAV_PREFIX}/principals/`)]),
    ]),
  };
}

export function principalResource(principal: Principal): Resource {
  const { user } = principal;
  return {
    href: principalPath(user.userId),
    properties: table([
      dav('resourcetype', [dav('principal')]),
      dav('displayname', user.name),
      ...identityProperties(principal),
      dav('principal-URL', [href(principalPath(user.userId))]),
      caldav('calendar-home-set', [href(homePath(user.userId))]),
      // RFC 6638 §2.4.1: the addresses that name this user; mailto: first, as clients pick the first.
      caldav('calendar-user-address-set', [...(user.email ? [href(`mailto:${user.email}`)] : []), href(principalPath(user.userId))]),
      caldav('calendar-user-type', 'INDIVIDUAL'),
      dav('current-user-privilege-set', privileges('reader')),
      dav('supported-report-set', []),
    ]),
  };
}

export function homeResource(principal: Principal): Resource {
  const { user } = principal;
  return {
    href: homePath(user.userId),
    properties: table([
      dav('resourcetype', [dav('collection')]),
      dav('displayname', user.name),
      ...identityProperties(principal),
      dav('owner', [href(principalPath(user.userId))]),
      // The home takes new calendars (MKCALENDAR), nothing else.
      dav('current-user-privilege-set', [privilege(NS.dav, 'read'), privilege(NS.dav, 'bind')]),
      dav('supported-report-set', []),
    ]),
  };
}

/** `segment`: the calendar's path segment as the client knows it (an alias, else its id). */
export function calendarResource(principal: Principal, view: CalendarView, syncToken: string, segment = view.calendar.calendarId): Resource {
  const { user } = principal;
  const { calendar } = view;
  const reports = view.role === 'free_busy_reader' ? ['free-busy-query'] : ['calendar-query', 'calendar-multiget', 'free-busy-query'];
  return {
    href: calendarPath(user.userId, segment),
    properties: table([
      dav('resourcetype', [dav('collection'), caldav('calendar')]),
      dav('displayname', displayNameOf(view, user.name)),
      caldav('calendar-description', calendar.description),
      el(NS.apple, 'calendar-color', colorText(view.color)),
      ...identityProperties(principal),
      calendar.owner === `user:${user.ref}` ? dav('owner', [href(principalPath(user.userId))]) : undefined,
      caldav('supported-calendar-component-set', [caldav('comp', undefined, { name: 'VEVENT' })]),
      caldav('supported-calendar-data', [caldav('calendar-data', undefined, { 'content-type': 'text/calendar', version: '2.0' })]),
      el(NS.calendarserver, 'getctag', syncToken),
      dav('sync-token', syncToken),
      dav('current-user-privilege-set', privileges(view.role)),
      dav('supported-report-set', [
        ...reports.map((r) => dav('supported-report', [dav('report', [caldav(r)])])),
        ...(view.role === 'free_busy_reader' ? [] : [dav('supported-report', [dav('report', [dav('sync-collection')])])]),
      ]),
    ]),
  };
}

/** `calendarData`: the text to answer as CALDAV:calendar-data (the object's own, or expanded), if asked. */
export function objectResource(principal: Principal, segment: string, object: CalendarObject, calendarData?: string): Resource {
  return {
    href: objectHref(principal.user.userId, segment, object.name),
    properties: table([
      dav('resourcetype', []),
      dav('getetag', object.etag),
      dav('getcontenttype', OBJECT_CONTENT_TYPE),
      dav('getcontentlength', String(Buffer.byteLength(object.text))),
      calendarData !== undefined ? caldav('calendar-data', calendarData) : undefined,
    ]),
  };
}

/** The calendar's name as this user sees it: their alias, else its summary. */
export function displayNameOf(view: CalendarView, userName: string): string {
  return view.summaryAlias || view.calendar.summary || (view.calendar.type === 'primary' ? userName : view.calendar.calendarId);
}

/** Feishu's colour is a signed ARGB int (calendars.md §2.1); Apple's is `#RRGGBBAA`. */
export function colorText(color: number): string {
  const argb = color >>> 0;
  const hex = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
  return `#${(argb & 0xffffff).toString(16).padStart(6, '0').toUpperCase()}${hex(argb >>> 24)}`;
}

/** `#RRGGBB` or `#RRGGBBAA` back to Feishu's colour; undefined when it is neither. */
export function colorOfText(text: string): number | undefined {
  const match = /^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$/.exec(text.trim());
  if (!match) return undefined;
  const alpha = match[2] === undefined ? 0xff : parseInt(match[2], 16);
  return ((alpha << 24) | parseInt(match[1]!, 16)) | 0;
}

const privilege = (ns: string, name: string): Out => dav('privilege', [el(ns, name)]);

/**
 * Roles → privileges (issue #10 §2). Writers may change events, not the
 * calendar's own properties (PROPPATCH is the owner's, as on REST).
 */
export function privileges(role: Role): Out[] {
  const read = [privilege(NS.dav, 'read'), privilege(NS.dav, 'read-current-user-privilege-set'), privilege(NS.caldav, 'read-free-busy')];
  const write = [privilege(NS.dav, 'write'), privilege(NS.dav, 'write-content'), privilege(NS.dav, 'bind'), privilege(NS.dav, 'unbind')];
  switch (role) {
    case 'owner':
      return [...read, ...write, privilege(NS.dav, 'write-properties')];
    case 'writer':
      return [...read, ...write];
    case 'reader':
      return read;
    case 'free_busy_reader':
      return [privilege(NS.caldav, 'read-free-busy')];
    case 'unknown':
      return [];
  }
}
