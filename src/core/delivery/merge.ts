/**
 * Changes to one (calendar, event) within one window become one push
 * (platform.md §10.3): create+delete → nothing; create+update → create;
 * delete+update → delete; update+update → the last update; several RSVPs →
 * the last. The docs stop there; the rest follows what the receiver would
 * conclude from reading the event afterwards.
 */
import type { EventChangeType } from './model.js';

/** The change type of the merged push, or null when the two cancel out. */
export function mergedChange(earlier: EventChangeType, later: EventChangeType): EventChangeType | null {
  if (earlier === 'rsvp' || later === 'rsvp') return later;
  if (earlier === 'create') return later === 'delete' ? null : 'create';
  if (earlier === 'delete') return later === 'create' ? 'update' : 'delete';
  // update, then anything: what it ended as.
  return later;
}
