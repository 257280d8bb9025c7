/**
 * Where things live under the DAV prefix, and the resource name of a series.
 *
 *   /dav/principals/{user_id}/                 the user's principal (RFC 3744 §2)
 *   /dav/calendars/{user_id}/                  their calendar home (RFC 4791 §6.2.1)
 *   /dav/calendars/{user_id}/{calendar_id}/    one calendar of their list
 *   /dav/calendars/{user_id}/{calendar_id}/{name}.ics   one series
 *
 * A series' name is its UID, percent-encoded, with `.ics`, unless a CalDAV
 * client created it under a name of its own (RFC 4791 §4.1 lets it: vdirsyncer
 * picks random names), which is kept in the caldav_object_names table and
 * answered from then on. Series written over REST keep the UID name.
 */
export const DAV_PREFIX = '/dav';

const segment = (value: string): string => encodeURIComponent(value).replace(/%40/g, '@');

export const principalPath = (userId: string): string => `${DAV_PREFIX}/principals/${segment(userId)}/`;
export const homePath = (userId: string): string => `${DAV_PREFIX}/calendars/${segment(userId)}/`;
export const calendarPath = (userId: string, calendarId: string): string => `${homePath(userId)}${segment(calendarId)}/`;
/** The name of a series no client named: its UID with `.ics` (decoded form). */
export const objectName = (uid: string): string => `${uid}.ics`;
/** `name` is a decoded resource name. */
export const objectHref = (userId: string, calendarId: string, name: string): string => `${calendarPath(userId, calendarId)}${segment(name)}`;

/** A resource name a client may give a new object: non-empty printable text (an encoded `/` is allowed), at most 255 bytes. */
export function isSafeName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && Buffer.byteLength(name) <= 255 && name !== '.' && name !== '..' && !/[\u0000-\u001f\u007f]/.test(name);
}

/** The UID a (decoded) resource name stands for; undefined when it is no `.ics` name. */
export function uidOfName(name: string): string | undefined {
  return name.length > 4 && name.endsWith('.ics') ? name.slice(0, -4) : undefined;
}

export type Target =
  | { kind: 'root' }
  | { kind: 'principal'; user: string }
  | { kind: 'home'; user: string }
  | { kind: 'calendar'; user: string; calendarId: string }
  | { kind: 'object'; user: string; calendarId: string; name: string };

/** An href a client sent in a REPORT body, back to its target; undefined for anything not ours. */
export function targetOfHref(href: string): Target | undefined {
  const path = hrefPath(href);
  if (path === undefined) return undefined;
  if (!path.startsWith(`${DAV_PREFIX}/`)) return undefined;
  let parts: string[];
  try {
    parts = path.slice(DAV_PREFIX.length + 1).split('/').filter((p) => p !== '').map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [area, user, calendarId, name, ...rest] = parts;
  if (rest.length > 0) return undefined;
  if (area === undefined) return { kind: 'root' };
  if (user === undefined) return undefined;
  if (area === 'principals') return calendarId === undefined ? { kind: 'principal', user } : undefined;
  if (area !== 'calendars') return undefined;
  if (calendarId === undefined) return { kind: 'home', user };
  if (name === undefined) return { kind: 'calendar', user, calendarId };
  return isSafeName(name) ? { kind: 'object', user, calendarId, name } : undefined;
}

/** A path the URL parser would give back as it is (no dot segments, query, fragment or character it encodes). */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;

/** An href's path: as it is when plainly one (what clients send, a hundred per multiget), else as the URL parser reads it. */
function hrefPath(href: string): string | undefined {
  if (PLAIN_PATH.test(href) && !href.includes('/.') && !/%2e/i.test(href)) return href;
  try {
    return new URL(href, 'http://host').pathname;
  } catch {
    return undefined;
  }
}
