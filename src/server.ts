/** buildServer(deps): wires the core to its adapters. It never listens; main.ts does. */
import Fastify, { type FastifyInstance } from 'fastify';
import { openApiPlugin } from './adapters/open-api/plugin.js';
import { TimeoffService } from './core/availability/timeoff.js';
import { FreeBusyService } from './core/availability/freebusy-service.js';
import { RoomFinder } from './core/availability/room-find.js';
import { AclService } from './core/calendars/acl-service.js';
import { CalendarQueries } from './core/calendars/calendar-queries.js';
import { CalendarService } from './core/calendars/calendar-service.js';
import { EventSubscriptions } from './core/calendars/event-subscriptions.js';
import { AttendeeService } from './core/events/attendee-service.js';
import { EventQueries } from './core/events/event-queries.js';
import { EventService } from './core/events/event-service.js';
import { MeetingService } from './core/events/meeting-service.js';
import { MediaService } from './core/files/media-service.js';
import { randomIds, type IdSource } from './core/ids.js';
import type { Clock, Store } from './core/ports.js';
import { RoomDirectory } from './core/rooms/room-directory.js';
import { Directory } from './core/tenancy/directory.js';
import { TokenService } from './core/tenancy/tokens.js';

export interface ServerDeps {
  store: Store;
  clock: Clock;
  /** Resource ids (calendars, events, …); random unless a test fixes them. */
  ids?: IdSource;
  rateLimit: boolean;
  logLevel: string;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { store, clock, ids = randomIds } = deps;
  const app = Fastify({
    logger: { level: deps.logLevel },
    // Feishu's gateway serves `/path` and `/path/` alike (platform.md §1).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    bodyLimit: 10 * 1024 * 1024,
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  await app.register(openApiPlugin, {
    store,
    clock,
    rateLimit: deps.rateLimit,
    tokens: new TokenService(store, clock),
    directory: new Directory(store),
    calendars: new CalendarService(store, clock, ids),
    queries: new CalendarQueries(store, clock),
    acls: new AclService(store, clock),
    eventSubscriptions: new EventSubscriptions(store, clock),
    events: new EventService(store, clock, ids),
    eventQueries: new EventQueries(store, clock),
    attendees: new AttendeeService(store, clock),
    meetings: new MeetingService(store, clock, ids),
    media: new MediaService(store, clock, ids),
    freeBusy: new FreeBusyService(store),
    roomFinder: new RoomFinder(store),
    timeoffs: new TimeoffService(store, clock, ids),
    rooms: new RoomDirectory(store, clock),
  });
  return app;
}
