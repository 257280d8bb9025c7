/**
 * The CalDAV adapter (RFC 4791 over RFC 4918), on the Open API's port: its own
 * body parsers (every body is read as text), its own error handler (DAV:error,
 * never the Feishu envelope, never a 500), Basic auth with device credentials.
 * `/.well-known/caldav` (RFC 6764 §5) redirects to the DAV root.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Adapter } from '../../server.js';
import { authenticate, REALM, type Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { davErrorOf, errorBody, needPrivileges, DavError } from './errors.js';
import { collectionRoutes } from './collection-routes.js';
import { deleteObject, putObject, requireCalendarType, type Conditions } from './object-writes.js';
import { DAV_PREFIX } from './paths.js';
import { OBJECT_CONTENT_TYPE } from './properties.js';
import { depthOf, propfind, propRequestOf, type PropfindTarget } from './propfind.js';
import { report } from './report.js';
import { calendarOf, nameOf, type PathParams } from './targets.js';

export const DAV_METHODS = ['PROPFIND', 'PROPPATCH', 'REPORT', 'MKCALENDAR', 'MKCOL'] as const;
/** RFC 4791 §5.1: calendar-access beside WebDAV classes 1 and 3; RFC 5689 §3.1: extended-mkcol. */
const DAV_CLASSES = '1, 3, calendar-access, extended-mkcol';
const ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCALENDAR, MKCOL';
export const XML_TYPE = 'application/xml; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    davPrincipal?: Principal;
  }
}

export function caldavAdapters(deps: CaldavDeps): Adapter[] {
  return [
    { prefix: '/.well-known', plugin: wellKnown },
    { prefix: DAV_PREFIX, plugin: (app) => caldavPlugin(app, deps) },
  ];
}

async function wellKnown(app: FastifyInstance): Promise<void> {
  for (const method of DAV_METHODS) if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  app.route({ method: ['GET', 'HEAD', 'PROPFIND', 'OPTIONS'], url: '/caldav', handler: async (_request, reply) => reply.redirect(`${DAV_PREFIX}/`, 301) });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('404 page not found'));
}

export async function caldavPlugin(app: FastifyInstance, deps: CaldavDeps): Promise<void> {
  for (const method of DAV_METHODS) if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  app.removeAllContentTypeParsers();
  // Every body is text: XML for DAV methods, iCalendar for PUT; each handler checks its own.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler(async (error, request, reply) => sendError(reply, error, request));
  app.setNotFoundHandler(async (request, reply) => sendError(reply, new DavError(404, undefined, 'no such resource'), request));
  app.addHook('onRequest', async (request) => {
    // OPTIONS answers before credentials, so clients can discover the server (RFC 4791 §5.1).
    if (request.method === 'OPTIONS') return;
    request.davPrincipal = await authenticate(deps.credentials, (ref) => deps.store.tenancy.getUser(ref), request.headers.authorization);
  });
  app.options('/*', async (_request, reply) => reply.code(200).headers({ DAV: DAV_CLASSES, Allow: ALLOW }).send());
  app.options('/', async (_request, reply) => reply.code(200).headers({ DAV: DAV_CLASSES, Allow: ALLOW }).send());

  const propfindRoute = (url: string, target: PropfindTarget) => app.route({
    method: 'PROPFIND', url,
    handler: async (request, reply) => {
      const depth = depthOf(request.headers.depth as string | undefined, target === 'object' ? 0 : 'infinity');
      const body = await propfind(deps, principalOf(request), target, request.params as PathParams, depth, propRequestOf(bodyText(request), 'propfind'));
      return reply.code(207).type(XML_TYPE).send(body);
    },
  });
  propfindRoute('/', 'root');
  propfindRoute('/principals/:user/', 'principal');
  propfindRoute('/calendars/:user/', 'home');
  propfindRoute('/calendars/:user/:calendar/', 'calendar');
  propfindRoute('/calendars/:user/:calendar/:object', 'object');

  app.route({
    method: ['GET', 'HEAD'], url: '/calendars/:user/:calendar/:object',
    handler: async (request, reply) => {
      const params = request.params as PathParams;
      const view = await calendarOf(deps, principalOf(request), params);
      if (view.role === 'free_busy_reader') throw needPrivileges('reading events needs DAV:read on the calendar');
      const object = await deps.objects.named(principalOf(request).identity, view.calendar, nameOf(params));
      if (!object) throw new DavError(404, undefined, 'no such calendar object');
      return reply.code(200).type(OBJECT_CONTENT_TYPE).header('ETag', object.etag).send(object.text);
    },
  });
  app.put('/calendars/:user/:calendar/:object', async (request, reply) => {
    const params = request.params as PathParams;
    const principal = principalOf(request);
    const view = await calendarOf(deps, principal, params);
    const name = nameOf(params);
    requireCalendarType(request.headers['content-type']);
    const outcome = await putObject(deps, principal, view, name, bodyText(request), conditionsOf(request));
    // No ETag: the stored text is larkcal's encoding, not the octets sent (RFC 4791 §5.3.4); clients GET it.
    return reply.code(outcome === 'created' ? 201 : 204).send();
  });
  app.delete('/calendars/:user/:calendar/:object', async (request, reply) => {
    const params = request.params as PathParams;
    const principal = principalOf(request);
    await deleteObject(deps, principal, await calendarOf(deps, principal, params), nameOf(params), conditionsOf(request));
    return reply.code(204).send();
  });
  app.route({
    method: 'REPORT', url: '/calendars/:user/:calendar/',
    handler: async (request, reply) => {
      const answer = await report(deps, principalOf(request), request.params as PathParams, bodyText(request), request.headers.depth as string | undefined);
      return reply.code(answer.status).type(answer.type === 'xml' ? XML_TYPE : 'text/calendar; charset=utf-8').send(answer.body);
    },
  });
  collectionRoutes(app, deps, principalOf);
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.davPrincipal) throw new DavError(401);
  return request.davPrincipal;
}

export function bodyText(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : '';
}

function conditionsOf(request: FastifyRequest): Conditions {
  const ifMatch = request.headers['if-match'];
  const ifNoneMatch = request.headers['if-none-match'];
  return { ...(typeof ifMatch === 'string' && { ifMatch }), ...(typeof ifNoneMatch === 'string' && { ifNoneMatch }) };
}

function sendError(reply: FastifyReply, error: unknown, request: FastifyRequest): FastifyReply {
  const dav = davErrorOf(error);
  if (dav.status >= 500) request.log.error({ err: error }, 'CalDAV request failed');
  if (dav.status === 401) reply.header('WWW-Authenticate', `Basic realm="${REALM}", charset="UTF-8"`);
  const body = request.method === 'HEAD' ? undefined : errorBody(dav);
  reply.code(dav.status);
  return body === undefined ? reply.send() : reply.type(XML_TYPE).send(body);
}
