/**
 * A calendar's occurrences in a window (instance_view), with the windows on
 * either side of the one shown fetched ahead: "next" and "previous" then draw
 * from memory instead of waiting a round trip (issue #13 §5: a week switch
 * within 150 ms). A window already answered is given at once, not as a
 * promise, so the view can draw the new range and its events in one pass.
 * A window fetched is reused for FRESH_MS at most, and every
 * refetch (a save, a move, a calendar shown or hidden, another zone) forgets
 * them all, so the user's own changes always show.
 */
import { instanceView, type CalEvent } from './feishu.js';

/** instance_view answers spans under 40 days (events.md §3.9). */
const WINDOW_MS = 35 * 24 * 3600 * 1000;
/** How long a window fetched ahead stands for the server's answer: others' changes show within this. */
const FRESH_MS = 60_000;

/** `answer`: the items once the request has answered. */
const fetched = new Map<string, { at: number; items: Promise<CalEvent[]>; answer?: CalEvent[] }>();

export function forgetFetched(): void {
  fetched.clear();
}

function windowOf(calendarId: string, from: number, to: number): CalEvent[] | Promise<CalEvent[]> {
  const key = `${calendarId} ${from} ${to}`;
  const now = Date.now();
  const hit = fetched.get(key);
  if (hit && now - hit.at < FRESH_MS) return hit.answer ?? hit.items;
  for (const [k, entry] of fetched) if (now - entry.at >= FRESH_MS) fetched.delete(k);
  const entry: { at: number; items: Promise<CalEvent[]>; answer?: CalEvent[] } = { at: now, items: instanceView(calendarId, Math.floor(from / 1000), Math.ceil(to / 1000)) };
  fetched.set(key, entry);
  entry.items.then((items) => { entry.answer = items; }, () => fetched.delete(key));
  return entry.items;
}

/**
 * The occurrences of `calendarId` from `start` to `end` (instants in ms), in windows instance_view
 * takes: the list itself when every window has answered already, else a promise of it.
 */
export function instancesOf(calendarId: string, start: number, end: number): CalEvent[] | Promise<CalEvent[]> {
  const windows: Array<CalEvent[] | Promise<CalEvent[]>> = [];
  for (let from = start; from < end; from += WINDOW_MS) windows.push(windowOf(calendarId, from, Math.min(end, from + WINDOW_MS)));
  return windows.every(Array.isArray) ? (windows as CalEvent[][]).flat() : Promise.all(windows).then((lists) => lists.flat());
}

/**
 * Starts fetching the ranges before and after the one shown, `wallStart`–`wallEnd` on the view's
 * wall clock, each as long, as the view will ask for them on "next" and "previous".
 */
export function fetchAround(calendarId: string, wallStart: number, wallEnd: number, toInstant: (wall: number) => number): void {
  const length = wallEnd - wallStart;
  for (const [from, to] of [[wallEnd, wallEnd + length], [wallStart - length, wallStart]] as const) {
    Promise.resolve(instancesOf(calendarId, toInstant(from), toInstant(to))).catch(() => undefined);
  }
}
