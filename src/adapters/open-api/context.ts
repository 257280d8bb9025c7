import type { TimeoffService } from '../../core/availability/timeoff.js';
import type { AclService } from '../../core/calendars/acl-service.js';
import type { CalendarQueries } from '../../core/calendars/calendar-queries.js';
import type { CalendarService } from '../../core/calendars/calendar-service.js';
import type { EventSubscriptions } from '../../core/calendars/event-subscriptions.js';
import type { FreeBusyService } from '../../core/availability/freebusy-service.js';
import type { RoomFinder } from '../../core/availability/room-find.js';
import type { SuggestionService } from '../../core/availability/suggestion-service.js';
import type { AttendeeService } from '../../core/events/attendee-service.js';
import type { EventQueries } from '../../core/events/event-queries.js';
import type { EventService } from '../../core/events/event-service.js';
import type { ExchangeBindings } from '../../core/exchange/binding-service.js';
import type { MeetingService } from '../../core/events/meeting-service.js';
import type { MediaService } from '../../core/files/media-service.js';
import type { RateCounters } from '../../core/tenancy/rate-limits.js';
import type { Clock } from '../../core/ports.js';
import type { RoomDirectory } from '../../core/rooms/room-directory.js';
import type { Directory } from '../../core/tenancy/directory.js';
import type { OAuthService } from '../../core/tenancy/oauth.js';
import type { AppTickets } from '../../core/delivery/app-tickets.js';
import type { Authenticated, TokenService } from '../../core/tenancy/tokens.js';
import type { CaldavCredentialService } from '../../core/tenancy/caldav-credentials.js';
import type { OpenApiSandbox } from '../sandbox/open-api-hooks.js';
import type { ErrorKey } from '../../core/errors.js';
import type { RouteAuth } from './auth.js';

/** What the Open API routes are given: the core's use cases, nothing of storage. */
export interface OpenApiDeps {
  /** For log ids and the rate limiter's windows. */
  clock: Clock;
  /** Rate-limit counters shared across processes (PostgreSQL, Redis); memory when absent. */
  rateCounters?: RateCounters;
  /** Whether an unexpected error means the database is away (503 190003, not 500). */
  isUnavailable?: (error: unknown) => boolean;
  tokens: TokenService;
  appTickets: AppTickets;
  oauth: OAuthService;
  directory: Directory;
  calendars: CalendarService;
  queries: CalendarQueries;
  acls: AclService;
  eventSubscriptions: EventSubscriptions;
  events: EventService;
  eventQueries: EventQueries;
  attendees: AttendeeService;
  meetings: MeetingService;
  media: MediaService;
  freeBusy: FreeBusyService;
  suggestions: SuggestionService;
  roomFinder: RoomFinder;
  timeoffs: TimeoffService;
  rooms: RoomDirectory;
  exchangeBindings: ExchangeBindings;
  caldavCredentials: CaldavCredentialService;
  /** What a CalDAV client types as the server (`--public-url`, else the listener), given the request's Host. */
  publicUrl: (requestHost: string) => string;
  rateLimit: boolean;
  /** The sandbox's journal and faults (issue #12 §4); without it the API behaves as Feishu's. */
  sandbox?: OpenApiSandbox;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Absent on the token endpoints, which take no token. */
    auth?: RouteAuth;
    /** Parameter errors answer 190014 (with details) instead of 190002, as this API's docs list. */
    detailedErrors?: boolean;
    /** Parameter errors answer this error instead: the v3 token endpoints' one `10003 invalid param`. */
    invalidAs?: ErrorKey;
  }
  interface FastifyRequest {
    logId: string;
    auth: Authenticated | undefined;
  }
}

/** The authenticated caller of a route declared with `config.auth`. */
export function caller(request: { auth: Authenticated | undefined }): Authenticated {
  if (!request.auth) throw new Error('route without config.auth asked for its caller');
  return request.auth;
}

/**
 * The app a call is made as: the token's, or for the token endpoints, which
 * take none, the one the body names (`app_id`, OAuth's `client_id`).
 */
export function appIdOf(request: { auth: Authenticated | undefined; body: unknown }): string | undefined {
  if (request.auth) return request.auth.app.appId;
  const body = request.body as { app_id?: unknown; client_id?: unknown } | null | undefined;
  if (typeof body?.app_id === 'string') return body.app_id;
  return typeof body?.client_id === 'string' ? body.client_id : undefined;
}
