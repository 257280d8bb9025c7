/**
 * Meeting-time suggestions (calendars.md §5.5), decided in one pure function
 * from each person's busy periods and working hours, both already in UTC.
 *
 * Every candidate slot is scored by two counts over (person × occurrence)
 * pairs: `conflicts` (the occurrence overlaps a busy period of the person)
 * and `outsideHours` (the occurrence is not inside one working-hours span of
 * the person). A slot is fully free when both are zero. Ranking is the
 * lexicographic order (conflicts, outsideHours, start): earliest fully free
 * first, then fewest conflicts, then fewest people outside their hours, then
 * earliest. When any slot is fully free only fully free slots are proposed;
 * otherwise the least-conflicted ones are. Proposals never overlap one
 * another (the next-ranked slot that overlaps an earlier pick is skipped), so
 * five proposals are five different times rather than one block in
 * quarter-hour steps.
 */
import type { Window } from './freebusy.js';

export interface Interval {
  start: number;
  end: number;
}

/** One attendee: busy periods and working-hours spans, each sorted and disjoint (see `mergeIntervals`). */
export interface Person {
  busy: readonly Interval[];
  working: readonly Interval[];
}

export interface SuggestionInput {
  /** Slots start at or after `from` and end at or before `to`. */
  window: Window;
  /** Seconds. */
  duration: number;
  /** Candidate starts are the multiples of `step` seconds (UTC) inside the window. */
  step: number;
  people: readonly Person[];
  /** A slot overlapping one of these is never proposed (any order). */
  excluded: readonly Interval[];
  /**
   * The meeting's occurrences when its first one is `slot` (the slot itself
   * first), or null when a series of this rule cannot start there. Without a
   * rule: just the slot.
   */
  occurrencesOf?: (slot: Interval) => readonly Interval[] | null;
  /** How many slots to propose. */
  limit: number;
}

export interface ScoredSlot extends Interval {
  conflicts: number;
  outsideHours: number;
  /** Distinct people with a conflict / outside their hours on some occurrence. */
  conflictedPeople: number;
  outsidePeople: number;
}

export interface Suggestions {
  slots: ScoredSlot[];
  /** Whether the slots are fully free (then every one is); false also when there are none. */
  fullyFree: boolean;
}

/** Sorted, disjoint intervals covering the same time (touching ones join; empty ones inside others vanish). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** Index of the first interval ending after `t` (sorted, disjoint input). */
function firstEndingAfter(intervals: readonly Interval[], t: number): number {
  let lo = 0;
  let hi = intervals.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]!.end > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether [start, end) meets a busy period; a zero-length busy period counts when it lies strictly inside. */
export function overlapsAny(intervals: readonly Interval[], slot: Interval): boolean {
  const i = intervals[firstEndingAfter(intervals, slot.start)];
  return i !== undefined && i.start < slot.end;
}

/** Whether [start, end) lies inside one span. */
export function insideOne(intervals: readonly Interval[], slot: Interval): boolean {
  const i = intervals[firstEndingAfter(intervals, slot.start)];
  return i !== undefined && i.start <= slot.start && i.end >= slot.end;
}

export function score(people: readonly Person[], occurrences: readonly Interval[], slot: Interval): ScoredSlot {
  const scored: ScoredSlot = { start: slot.start, end: slot.end, conflicts: 0, outsideHours: 0, conflictedPeople: 0, outsidePeople: 0 };
  for (const person of people) {
    let busy = 0;
    let outside = 0;
    for (const o of occurrences) {
      if (overlapsAny(person.busy, o)) busy++;
      if (!insideOne(person.working, o)) outside++;
    }
    scored.conflicts += busy;
    scored.outsideHours += outside;
    if (busy > 0) scored.conflictedPeople++;
    if (outside > 0) scored.outsidePeople++;
  }
  return scored;
}

/** The ranking: (conflicts, outsideHours, start), all ascending. A total order on distinct starts. */
export function rank(a: ScoredSlot, b: ScoredSlot): number {
  return a.conflicts - b.conflicts || a.outsideHours - b.outsideHours || a.start - b.start;
}

export const isFullyFree = (s: ScoredSlot) => s.conflicts === 0 && s.outsideHours === 0;

export function suggest(input: SuggestionInput): Suggestions {
  const { window, duration, step } = input;
  const excluded = mergeIntervals(input.excluded);
  const candidates: ScoredSlot[] = [];
  for (let start = Math.ceil(window.from / step) * step; start + duration <= window.to; start += step) {
    const slot = { start, end: start + duration };
    if (overlapsAny(excluded, slot)) continue;
    const occurrences = input.occurrencesOf ? input.occurrencesOf(slot) : [slot];
    if (!occurrences) continue;
    candidates.push(score(input.people, occurrences, slot));
  }
  candidates.sort(rank);
  const fullyFree = candidates.length > 0 && isFullyFree(candidates[0]!);
  const slots: ScoredSlot[] = [];
  for (const c of candidates) {
    if (slots.length >= input.limit || (fullyFree && !isFullyFree(c))) break;
    if (slots.some((s) => s.start < c.end && c.start < s.end)) continue;
    slots.push(c);
  }
  return { slots, fullyFree };
}
