/**
 * CALDAV:limit-recurrence-set (RFC 4791 §9.6.6): a series cut down to its
 * master and the overridden components that impact a time range. An
 * override impacts the range when its current times overlap it, or its
 * original ones (the occurrence it replaced: RECURRENCE-ID plus the master's
 * duration) do, by the same overlap rule as time-range (§9.9). Cancelled
 * occurrences are the master's EXDATEs and stay with it.
 */
import { overlaps } from '../../core/events/queries/instances.js';
import { instantOf } from '../../core/events/time.js';
import type { EncodableEvent, EncodableSeries } from '../../core/icalendar/index.js';
import type { Window } from './free-busy.js';

export function limitRecurrenceSet(series: EncodableSeries, window: Window): EncodableSeries {
  const master = series.master.event;
  const duration = instantOf(master.end) - instantOf(master.start);
  const impacts = ({ event }: EncodableEvent): boolean =>
    event.status === 'cancelled'
    || overlaps(instantOf(event.start), instantOf(event.end), window.from, window.to)
    || overlaps(event.originalTime, event.originalTime + duration, window.from, window.to);
  return { ...series, exceptions: series.exceptions.filter(impacts) };
}
