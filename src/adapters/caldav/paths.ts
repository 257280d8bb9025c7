/**
 * Where things live under the DAV prefix, and the resource name of a series.
 *
 *   /dav/principals/{user_id}/                 the user's principal (RFC 3744 §2)
 *   /dav/calendars/{user_id}/                  their calendar home (RFC 4791 §6.2.1)
 *   /dav/calendars/{user_id}/{calendar_id}/    one calendar of their list
 *   /dav/calendars/{user_id}/{calendar_id}/{name}.ics   one series
 *
 * A series' name is its UID, percent-encoded, with `.ics`: stable for the life
 * of the series, the same whether it was written over REST or CalDAV, and no
 * mapping to keep. Clients that name a new object otherwise are refused
 * (objects.ts); Apple Calendar, Thunderbird, DAVx⁵, Evolution and vdirsyncer
 * name objects after their UID.
 */
export const DAV_PREFIX = '/dav';

const segment = (value: string): string => encodeURIComponent(value).replace(/%40/g, '@');

export const principalPath = (userId: string): string => `${DAV_PREFIX}/principals/${segment(userId)}/`;
export const homePath = (userId: string): string => `${DAV_PREFIX}/calendars/${segment(userId)}/`;
export const calendarPath = (userId: string, calendarId: string): string => `${homePath(userId)}${segment(calendarId)}/`;
export const objectName = (uid: string): string => `${segment(uid)}.ics`;
export const objectPath = (userId: string, calendarId: string, uid: string): string => `${calendarPath(userId, calendarId)}${objectName(uid)}`;

/** The UID a (decoded) resource name stands for; undefined when it is no `.ics` name. */
export function uidOfName(name: string): string | undefined {
  return name.length > 4 && name.endsWith('.ics') ? name.slice(0, -4) : undefined;
}

export type Target =
  | { kind: 'root' }
  | { kind: 'principal'; user: string }
  | { kind: 'home'; user: string }
  | { kind: 'calendar'; user: string; calendarId: string }
  | { kind: 'object'; user: string; calendarId: string; uid: string };

/** An href a client sent in a REPORT body, back to its target; undefined for anything not ours. */
export function targetOfHref(href: string): Target | undefined {
  let path: string;
  try {
    path = new URL(href, 'http://host').pathname;
  } catch {
    return undefined;
  }
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
  const uid = uidOfName(name);
  return uid === undefined ? undefined : { kind: 'object', user, calendarId, uid };
}
