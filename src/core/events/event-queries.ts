/** Reading events: list with sync, search, instances, instance_view (events.md §3.4, §3.6, §3.8, §3.9). */
import type { PageRequest } from '../paging.js';
import type { Clock } from '../ports.js';
import type { Identity } from '../tenancy/model.js';
import { instanceView, listInstances, type InstanceViewResult, type InstancesPage, type Window } from './queries/instance-queries.js';
import { listEvents, type EventListing, type EventPage, type ListEventsRequest } from './queries/list-events.js';
import { searchEvents, type SearchPage, type SearchRequest } from './queries/search-events.js';
import { requireSeriesRead, seriesByUid } from './queries/series-by-uid.js';
import type { EventView } from './views.js';

export type { EventPage, InstancesPage, InstanceViewResult, ListEventsRequest, SearchPage, SearchRequest, Window };

export class EventQueries {
  constructor(
    readonly store: EventListing,
    readonly clock: Clock,
  ) {}

  list(identity: Identity, calendarId: string, request: ListEventsRequest): Promise<EventPage> {
    return listEvents(this.store, this.clock, identity, calendarId, request);
  }

  /**
   * The same listing for a client that mirrors the calendar (CalDAV, issue
   * #10): allowed on every type one event can be read from, Google and
   * Exchange included, which GET /events refuses with 191004 (events.md §3.4).
   */
  mirror(identity: Identity, calendarId: string, request: ListEventsRequest): Promise<EventPage> {
    return listEvents(this.store, this.clock, identity, calendarId, request, 'mirror');
  }

  search(identity: Identity, calendarId: string, request: SearchRequest): Promise<SearchPage> {
    return searchEvents(this.store, this.clock, identity, calendarId, request);
  }

  instances(identity: Identity, calendarId: string, eventId: string, window: Window, page: PageRequest): Promise<InstancesPage> {
    return listInstances(this.store, this.clock, identity, calendarId, eventId, window, page);
  }

  instanceView(identity: Identity, calendarId: string, window: Window): Promise<InstanceViewResult> {
    return instanceView(this.store, identity, calendarId, window);
  }

  /** The live series masters with these UIDs on the calendar, by UID: one access check and one read for all. */
  seriesByUid(identity: Identity, calendarId: string, uids: readonly string[]): Promise<Map<string, EventView>> {
    return seriesByUid(this.store, identity, calendarId, uids);
  }

  /** Throws unless the caller may read series on the calendar (seriesByUid's check, alone). */
  async requireSeriesRead(identity: Identity, calendarId: string): Promise<void> {
    await requireSeriesRead(this.store, identity, calendarId);
  }
}
