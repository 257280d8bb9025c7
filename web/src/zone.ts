/**
 * The calendar shows the user's chosen IANA zone, not the browser's.
 * FullCalendar without a time-zone plugin handles only UTC and local, so it
 * runs in UTC on "wall times": an instant shown in zone Z becomes the UTC
 * date with the same clock reading. These two functions go there and back.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(zone: string, instant: number): number[] {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, format);
  }
  const get = (type: string) => Number(format.formatToParts(instant).find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')];
}

/** The instant's clock reading in `zone`, as a UTC millisecond count. */
export function toWall(instant: number, zone: string): number {
  const [y, m, d, h, min, s] = partsIn(zone, instant) as [number, number, number, number, number, number];
  return Date.UTC(y, m, d, h, min, s) + (instant % 1000 + 1000) % 1000;
}

/** The instant whose reading in `zone` is `wall` (the earlier one in a repeated hour). */
export function fromWall(wall: number, zone: string): number {
  let instant = wall - (toWall(wall, zone) - wall);
  instant += wall - toWall(instant, zone);
  return instant;
}

export function zones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? supported('timeZone') : ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'];
}

/** `2026-03-11` of a wall time. */
export const wallDate = (wall: number): string => new Date(wall).toISOString().slice(0, 10);
/** `2026-03-11T10:00` of a wall time, for datetime-local inputs. */
export const wallLocal = (wall: number): string => new Date(wall).toISOString().slice(0, 16);
/** A datetime-local input's value read as a wall time. */
export const parseWallLocal = (text: string): number => Date.parse(`${text}:00Z`);
