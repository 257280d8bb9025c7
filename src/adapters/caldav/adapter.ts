/** The CalDAV adapters with their use cases: the same core classes the Open API runs, over the same store. */
import { FreeBusyService } from '../../core/availability/freebusy-service.js';
import { CalendarQueries } from '../../core/calendars/calendar-queries.js';
import { CalendarService } from '../../core/calendars/calendar-service.js';
import { AttendeeService } from '../../core/events/attendee-service.js';
import { EventQueries } from '../../core/events/event-queries.js';
import { EventService } from '../../core/events/event-service.js';
import { randomIds, type IdSource } from '../../core/ids.js';
import type { Clock, Store } from '../../core/ports.js';
import type { RoomBooking } from '../../core/rooms/booking-mode.js';
import type { Adapter } from '../../server.js';
import type { DeviceCredentials } from './auth.js';
import { CalendarObjects } from './calendar-objects.js';
import { caldavAdapters } from './plugin.js';

export interface CaldavOptions {
  store: Store;
  clock: Clock;
  /** The one credential service the Open API's generate_caldav_conf issues from. */
  credentials: DeviceCredentials;
  ids?: IdSource;
  roomBooking?: RoomBooking;
}

/** `/.well-known/caldav` and `/dav/…` (issue #10 §2), to register through `ServerDeps.adapters`. */
export function caldavAdapter({ store, clock, credentials, ids = randomIds, roomBooking }: CaldavOptions): Adapter[] {
  const events = new EventService(store, clock, ids);
  const eventQueries = new EventQueries(store, clock);
  return caldavAdapters({
    store, clock, credentials, events, eventQueries,
    calendars: new CalendarService(store, clock, ids),
    calendarList: new CalendarQueries(store, clock),
    attendees: new AttendeeService(store, clock, roomBooking),
    objects: new CalendarObjects(store, eventQueries, events),
    freeBusy: new FreeBusyService(store),
  });
}
