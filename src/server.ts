/** buildServer(deps): wires the core to its adapters. It never listens; main.ts does. */
import type { AddressInfo, Socket } from 'node:net';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply } from 'fastify';
import type { OpenApiDeps } from './adapters/open-api/context.js';
import type { LongConnectionAuth } from './adapters/long-connection/auth.js';
import type { LongConnectionHub } from './adapters/long-connection/hub.js';
import { longConnectionAdapter } from './adapters/long-connection/plugin.js';
import { openApiPlugin } from './adapters/open-api/plugin.js';
import { registerOpenApiDocument } from './adapters/operations/openapi.js';
import { installDrain } from './adapters/operations/drain.js';
import { instrument, operationsRoutes, type OperationsDeps } from './adapters/operations/plugin.js';
import { answerConnect, clientErrors, frameworkErrors, refuseMissingHost } from './adapters/open-api/transport-errors.js';
import type { OpenApiSandbox } from './adapters/sandbox/open-api-hooks.js';
import { TimeoffService } from './core/availability/timeoff.js';
import { FreeBusyService } from './core/availability/freebusy-service.js';
import { RoomFinder } from './core/availability/room-find.js';
import { SuggestionService } from './core/availability/suggestion-service.js';
import { AclService } from './core/calendars/acl-service.js';
import { CalendarQueries } from './core/calendars/calendar-queries.js';
import { CalendarService } from './core/calendars/calendar-service.js';
import { EventSubscriptions } from './core/calendars/event-subscriptions.js';
import { AttendeeService } from './core/events/attendee-service.js';
import { EventQueries } from './core/events/event-queries.js';
import { EventService } from './core/events/event-service.js';
import { MeetingService } from './core/events/meeting-service.js';
import { ExchangeBindings } from './core/exchange/binding-service.js';
import { MediaService } from './core/files/media-service.js';
import { randomIds, type IdSource } from './core/ids.js';
import type { Clock, Store } from './core/ports.js';
import type { RoomBooking } from './core/rooms/booking-mode.js';
import { RoomDirectory } from './core/rooms/room-directory.js';
import { Directory } from './core/tenancy/directory.js';
import { OAuthService } from './core/tenancy/oauth.js';
import { SHARED_DATABASE_MEMO_MS, TokenService } from './core/tenancy/tokens.js';
import { AppTickets } from './core/delivery/app-tickets.js';
import { CaldavCredentialService } from './core/tenancy/caldav-credentials.js';
import { isDatabaseUnavailable } from './storage/unavailable.js';
import { sharedRateCountersOf } from './storage/store.js';
import type { RateCounters } from './core/tenancy/rate-limits.js';
import { VERSION } from './version.js';

/**
 * An adapter: an encapsulated plugin (not wrapped in fastify-plugin) with its
 * own routes, body parsers, hooks, error handler and not-found handler, owning
 * every path under its prefix.
 */
export interface Adapter {
  plugin: FastifyPluginAsync;
  /** Without one the adapter is mounted at the root and answers the root's unknown paths itself. */
  prefix?: `/${string}`;
}

export interface ServerDeps {
  store: Store;
  clock: Clock;
  /** Resource ids (calendars, events, …); random unless a test fixes them. */
  ids?: IdSource;
  rateLimit: boolean;
  logLevel: string;
  /** How added rooms are booked (`--room-booking`); instant unless given. */
  roomBooking?: RoomBooking;
  /** How far apart, by the clock, an Exchange binding's sync steps fall (core/exchange/sync.ts). */
  exchangeStepMs?: number;
  /** Adapters beside the Open API (CalDAV, web, admin, delivery), registered in this order. */
  adapters?: readonly Adapter[];
  /** Change events over the SDK's WSClient: `/callback/ws/endpoint` and the WebSocket upgrade (platform.md §9). */
  longConnection?: { hub: LongConnectionHub; auth: LongConnectionAuth };
  /** The sandbox's journal and faults on the Open API (issue #12 §4). */
  sandbox?: OpenApiSandbox;
  /** Rate-limit counters shared across processes (Redis); default: PostgreSQL's table, or memory on SQLite. */
  rateCounters?: RateCounters;
  /** /metrics and /readyz, and the request metrics behind them (issue #16 §4). */
  operations?: OperationsDeps;
  /** CalDAV device credentials, shared with the CalDAV adapter so a revocation forgets its memo at once; made here when absent. */
  caldavCredentials?: CaldavCredentialService;
  /** `--public-url`: what CalDAV clients type as the server; default the listener's address. */
  publicUrl?: string;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const adapters = [...(deps.adapters ?? [])];
  if (deps.longConnection) adapters.push(longConnectionAdapter(deps.longConnection.hub, deps.longConnection.auth));
  const app = Fastify({
    logger: { level: deps.logLevel },
    // Feishu's gateway serves `/path` and `/path/` alike (platform.md §1).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    bodyLimit: 10 * 1024 * 1024,
    // Stopping drains (adapters/operations/drain.ts): requests during the close are served, not
    // answered 503, and keep-alive connections end after their answer rather than at once.
    forceCloseConnections: false,
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildSerializer: cachedSerializers } },
    frameworkErrors: frameworkErrors(deps.clock),
    clientErrorHandler: clientErrors(deps.clock),
    // Answered by refuseMissingHost in the envelope, not by Node with an empty 400.
    http: { requireHostHeader: false },
  });
  app.addHook('onRequest', refuseMissingHost(deps.clock));
  app.server.on('connect', (_request: unknown, socket: Socket) => answerConnect(socket));

  // Before any route: the OpenAPI document, the drain and the request metrics see every one.
  await registerOpenApiDocument(app);
  installDrain(app);
  if (deps.operations) {
    instrument(app, deps.operations.metrics);
    await app.register(operationsRoutes, deps.operations);
  }
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Fastify allows one not-found handler per prefix: an adapter at the root takes the root's.
  if (!adapters.some((adapter) => adapter.prefix === undefined)) {
    await app.register(gatewayNotFound);
    // Until the web calendar (an adapter at the root) takes `/` over.
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(ROOT_PAGE));
  }
  for (const { plugin, prefix } of [openApi(deps), ...adapters]) await app.register(plugin, { prefix });
  if (deps.longConnection) {
    const { hub } = deps.longConnection;
    hub.attach(app.server);
    // Before the server closes: it waits for every socket, upgraded ones included.
    app.addHook('preClose', async () => hub.close());
  }
  return app;
}

/** What `/` shows: the server, its version, where the APIs and the docs are (issue #12 §8.7). */
export const ROOT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>larkcal ${VERSION}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>larkcal ${VERSION}</h1>
<p>A self-hosted server for the Feishu/Lark Calendar v4 Open API.</p>
<ul>
<li>Open API: <code>/open-apis/</code> (point the SDK's <code>domain</code> at this address)</li>
<li>Sign-in: <code>/open-apis/authen/v1/authorize?app_id=…&amp;redirect_uri=…</code></li>
<li>Admin API: <code>/_larkcal/</code> (Bearer admin token; <code>larkcal admin-token</code> prints it)</li>
<li>Health: <a href="/healthz"><code>/healthz</code></a> (liveness), <a href="/readyz"><code>/readyz</code></a> (the database answers); metrics: <code>/metrics</code> (Bearer admin or metrics token)</li>
<li>OpenAPI 3.1 document: <a href="/open-apis/openapi.json"><code>/open-apis/openapi.json</code></a></li>
</ul>
<p>Documentation: the README shipped with larkcal (<code>node_modules/larkcal/README.md</code>), and <code>larkcal help</code>.</p>
</body></html>
`;

const buildSerializer = SerializerSelector();
const serializers = new Map<string, (data: unknown) => string>();

/**
 * Response serializers (fast-json-stringify) compiled once per process, by the
 * schema's text: a serializer depends on its schema alone, and compiling them
 * anew made most of a start's time, which `startLarkcal` pays once per test file.
 */
function cachedSerializers(...args: Parameters<typeof buildSerializer>): ReturnType<typeof buildSerializer> {
  const compile = buildSerializer(...args);
  const context = JSON.stringify(args);
  return (route) => {
    const key = `${context}${JSON.stringify(route.schema)}`;
    let serialize = serializers.get(key);
    if (!serialize) serializers.set(key, (serialize = compile(route)));
    return serialize;
  };
}

/**
 * The Feishu Open API owns `/open-apis`. Called rather than registered inside
 * the scope, since Fastify hands a plugin its register options (prefix
 * included) and the Open API passes its deps on to its own children.
 */
function openApi(deps: ServerDeps): Adapter {
  return {
    prefix: '/open-apis',
    plugin: (scope) => openApiPlugin(scope, {
      ...openApiUseCases(deps),
      publicUrl: (requestHost) => deps.publicUrl ?? listenerUrl(scope.server.address(), requestHost),
    }),
  };
}

/** The Open API's use cases, one a line: each is handed the one store and takes only the ports it names (core/ports.ts). */
function openApiUseCases({ store, clock, ids = randomIds, rateLimit, rateCounters, sandbox, roomBooking, exchangeStepMs, caldavCredentials }: ServerDeps): Omit<OpenApiDeps, 'publicUrl'> {
  const tokens = new TokenService(store, clock, { memoMs: store.dialect === 'postgres' ? SHARED_DATABASE_MEMO_MS : undefined });
  const freeBusy = new FreeBusyService(store);
  return {
    clock,
    isUnavailable: isDatabaseUnavailable,
    rateLimit,
    rateCounters: rateCounters ?? sharedRateCountersOf(store),
    tokens,
    appTickets: new AppTickets(store, clock, tokens),
    oauth: new OAuthService(store, clock, tokens),
    directory: new Directory(store),
    calendars: new CalendarService(store, clock, ids),
    queries: new CalendarQueries(store, clock),
    acls: new AclService(store, clock),
    eventSubscriptions: new EventSubscriptions(store, clock),
    events: new EventService(store, clock, ids),
    eventQueries: new EventQueries(store, clock),
    attendees: new AttendeeService(store, clock, roomBooking),
    meetings: new MeetingService(store, clock, ids),
    media: new MediaService(store, clock, ids),
    freeBusy,
    suggestions: new SuggestionService(store, freeBusy, clock),
    roomFinder: new RoomFinder(store),
    timeoffs: new TimeoffService(store, clock, ids),
    rooms: new RoomDirectory(store, clock),
    exchangeBindings: new ExchangeBindings(store, clock, exchangeStepMs),
    caldavCredentials: caldavCredentials ?? new CaldavCredentialService(store, clock),
    ...(sandbox && { sandbox }),
  };
}

/**
 * `http://<host>:<port>` of the listener (issue #10 §1). A listener on every
 * interface (`0.0.0.0`, `::`) has no address a client could type, so the
 * request's own Host stands in: the name the user reached this server by.
 */
export function listenerUrl(address: AddressInfo | string | null, requestHost: string): string {
  if (!address || typeof address === 'string' || address.address === '0.0.0.0' || address.address === '::') return `http://${requestHost}`;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * Paths no adapter owns get what Feishu's gateway answers for any unknown path
 * on its host (platform.md §2.5). Encapsulated, so its hook runs for these 404s
 * only, and before any body is read: a malformed body on an unknown path is
 * still a 404.
 */
async function gatewayNotFound(app: FastifyInstance): Promise<void> {
  const notFound = async (_request: unknown, reply: FastifyReply) => reply.code(404).type('text/plain; charset=utf-8').send('404 page not found');
  app.addHook('onRequest', notFound);
  app.setNotFoundHandler(notFound);
}
