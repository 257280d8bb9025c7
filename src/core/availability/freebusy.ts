/**
 * What counts as busy (calendars.md §5.4), decided in one pure function from
 * the events of one calendar, the owner's standing on each, and a window.
 *
 * - Series are expanded; the slots their exceptions hold are taken out, and
 *   each exception stands on its own times. Cancelled exceptions and deleted
 *   events are never listed.
 * - The owner's own reply and own `free_busy_status` decide: `decline`d events
 *   and events marked `free` are not busy. With `only_busy` they are left out;
 *   without it every live event on the calendar is listed (each item carries
 *   the owner's `rsvp_status`, so a caller can tell a declined one).
 * - Unanswered invitations (`needs_action`) and `tentative` ones are busy.
 * - Visibility does not matter: items carry no details, so a private event is
 *   a busy period like any other.
 * - One item per instance, with the instance's own start and end: items are
 *   neither clipped to the window nor merged (the official CLI matches items by
 *   the event's own start and end; each item carries one `rsvp_status`).
 * - All-day events cover their dates in the calendar owner's zone.
 */
import { DomainError } from '../errors.js';
import { isSeriesMaster, overlaps, seriesOf } from '../events/queries/instances.js';
import type { FreeBusyStatus, RsvpStatus } from '../events/model.js';
import type { BusyEvent } from '../events/ports.js';
import { occurrencesBetween } from '../events/recurrence/expand.js';
import { storedOccurrencesBetween, type StoredExpansion } from '../events/recurrence/stored.js';
import { localToUtc } from '../events/recurrence/zones.js';
import type { EventTime } from '../events/time.js';

export interface Window {
  from: number;
  to: number;
}

/** One busy (or, without `only_busy`, listed) period: UTC seconds and the owner's reply. */
export interface BusyItem {
  start: number;
  end: number;
  rsvp: RsvpStatus;
}

/** The calendar owner's standing on one stored event (a master speaks for its plain occurrences). */
export interface Standing {
  rsvp: RsvpStatus;
  freeBusy: FreeBusyStatus;
}

export interface FreeBusyCalendar {
  /** Candidates from the indexed prefilter: anything that may overlap the window widened by a day. */
  events: readonly BusyEvent[];
  /** Stored occurrence lists of series masters, by event id (read instead of iterating the rule). */
  expansions?: ReadonlyMap<string, StoredExpansion>;
  /** Original times held by exceptions, per series (cancelled exceptions included). */
  taken: ReadonlyMap<string, ReadonlySet<number>>;
  standingOf(event: BusyEvent): Standing;
  /** The zone in which all-day dates are read. */
  allDayZone: string;
}

/** A bound on the work and the answer: more instances than this in one window is refused (190014). */
export const MAX_ITEMS = 5000;
const DAY = 86400;
const WEEK = 7 * DAY;

/** The busy-rule table: is this standing busy? */
export function isBusy(standing: Standing): boolean {
  return standing.freeBusy === 'busy' && standing.rsvp !== 'decline' && standing.rsvp !== 'removed';
}

/** Whether an event with this standing is listed at all. */
export function isListed(event: BusyEvent, standing: Standing, onlyBusy: boolean): boolean {
  if (event.status === 'cancelled') return false;
  return !onlyBusy || isBusy(standing);
}

/** The instant a time stands for; an all-day date is midnight in `zone`. */
export function instantIn(time: EventTime, zone: string): number {
  if (time.kind === 'timed') return time.ts;
  const [year, month, day] = time.date.split('-').map(Number) as [number, number, number];
  return localToUtc({ year, month, day, hour: 0, minute: 0, second: 0 }, zone);
}

export function tooManyItems(): DomainError {
  return new DomainError('invalid', [{
    field: 'time_max', description: `the window holds more than ${MAX_ITEMS} events; ask for a shorter window`,
  }]);
}

export function freeBusy(calendar: FreeBusyCalendar, window: Window, onlyBusy: boolean, budget = MAX_ITEMS): BusyItem[] {
  const out: BusyItem[] = [];
  const add = (start: number, end: number, rsvp: RsvpStatus) => {
    if (!overlaps(start, end, window.from, window.to)) return;
    out.push({ start, end, rsvp });
    if (out.length > budget) throw tooManyItems();
  };
  for (const event of calendar.events) {
    const standing = calendar.standingOf(event);
    if (!isListed(event, standing, onlyBusy)) continue;
    if (!isSeriesMaster(event)) {
      add(instantIn(event.start, calendar.allDayZone), instantIn(event.end, calendar.allDayZone), standing.rsvp);
      continue;
    }
    const taken = calendar.taken.get(event.seriesId) ?? new Set<number>();
    for (const o of occurrencesIn(event, window, calendar.expansions?.get(event.eventId))) {
      if (!taken.has(o.originalTime)) add(instantIn(o.start, calendar.allDayZone), instantIn(o.end, calendar.allDayZone), standing.rsvp);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * A series' occurrences near the window (widened by a day, so that all-day
 * dates read in any zone are found): from its stored list where that reaches,
 * else week by week, so that a dense rule costs what the window holds and
 * `freeBusy` stops at its budget.
 */
function* occurrencesIn(master: BusyEvent, window: Window, expansion: StoredExpansion | undefined) {
  const from = window.from - DAY;
  const to = window.to + DAY;
  const stored = expansion && storedOccurrencesBetween(master, expansion, from, to);
  if (stored) {
    yield* stored;
    return;
  }
  const series = seriesOf(master);
  const seen = new Set<number>();
  for (let a = from; a < to; a += WEEK) {
    for (const o of occurrencesBetween(series, a, Math.min(a + WEEK, to))) {
      if (seen.has(o.originalTime)) continue;
      seen.add(o.originalTime);
      yield o;
    }
  }
}
