/** Views of many events for one caller: viewpoints batched once per response, never per event. */
import type { Identity } from '../../tenancy/model.js';
import type { CalendarContext, EventReads } from '../access.js';
import type { PlacedEvent } from '../ports.js';
import { viewEvent, type EventView } from '../views.js';
import { viewpointsFor } from '../viewpoints.js';
import type { Instance } from './instances.js';

/** Stored events as placed on the calendar: a removed placement reads as cancelled (events.md §2.6). */
export async function placedViews(repos: EventReads, identity: Identity, calendar: CalendarContext, placed: readonly PlacedEvent[]): Promise<EventView[]> {
  const viewpoints = await viewpointsFor(repos, identity, calendar, placed.map((p) => p.event));
  return placed.map(({ event, placement }) => viewEvent(event, { ...viewpoints.get(event.eventId)!, removed: placement.removed }));
}

/** Expanded instances: plain occurrences take their master's viewpoint. */
export async function instanceViews(repos: EventReads, identity: Identity, calendar: CalendarContext, instances: readonly Instance[]): Promise<EventView[]> {
  const viewpoints = await viewpointsFor(repos, identity, calendar, instances.map((i) => i.event));
  return instances.map((i) => viewEvent(i.event, viewpoints.get(i.event.eventId)!, i.occurrence));
}
