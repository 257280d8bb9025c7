/**
 * TZID → IANA zone. Clients write IANA names (Apple, Google, Thunderbird, DAVx⁵),
 * IANA names behind a vendor prefix (`/mozilla.org/20070129_1/Europe/Berlin`,
 * `/citadel.org/20190914_1/Asia/Tokyo`), a custom id with an X-LIC-LOCATION in
 * its VTIMEZONE, or Windows names (Outlook, Exchange). A TZID none of these
 * name is refused: guessing a zone from offsets would move recurring events
 * across the next DST change.
 */
import { isTimeZone } from '../events/recurrence/zones.js';

/** Windows zone names Outlook writes most (CLDR windowsZones.xml, territory 001). */
const WINDOWS: Record<string, string> = {
  'UTC': 'UTC', 'GMT Standard Time': 'Europe/London', 'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin', 'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris', 'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau', 'FLE Standard Time': 'Europe/Kiev', 'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow', 'Turkey Standard Time': 'Europe/Istanbul', 'Israel Standard Time': 'Asia/Jerusalem',
  'Arabian Standard Time': 'Asia/Dubai', 'India Standard Time': 'Asia/Calcutta', 'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai', 'Taipei Standard Time': 'Asia/Taipei', 'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo', 'Korea Standard Time': 'Asia/Seoul', 'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland', 'Eastern Standard Time': 'America/New_York', 'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver', 'US Mountain Standard Time': 'America/Phoenix', 'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage', 'Hawaiian Standard Time': 'Pacific/Honolulu', 'E. South America Standard Time': 'America/Sao_Paulo',
  'SA Pacific Standard Time': 'America/Bogota', 'South Africa Standard Time': 'Africa/Johannesburg',
};

/** The IANA zone a TZID names, or undefined. `location` is its VTIMEZONE's X-LIC-LOCATION. */
export function ianaZoneOf(tzid: string, location?: string): string | undefined {
  if (isTimeZone(tzid)) return tzid;
  const suffix = /([A-Za-z_]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?)$/.exec(tzid)?.[1];
  if (suffix && isTimeZone(suffix)) return suffix;
  if (location && isTimeZone(location)) return location;
  const windows = WINDOWS[tzid.trim()];
  return windows && isTimeZone(windows) ? windows : undefined;
}
