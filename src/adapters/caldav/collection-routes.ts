/**
 * The calendars themselves: MKCALENDAR (RFC 4791 §5.3.1) and MKCOL make a
 * shared calendar owned by the user; PROPPATCH (RFC 4918 §9.2) sets displayname,
 * calendar-description and Apple's calendar-color, owner only, all or
 * nothing; DELETE removes a shared calendar the user owns, as REST does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CalendarInput } from '../../core/calendars/calendar-service.js';
import type { Principal } from './auth.js';
import { calendarViews, type CaldavDeps } from './context.js';
import { caldavCondition, davCondition, davErrorOf, DavError, needPrivileges } from './errors.js';
import { multistatus, propertyStatus } from './multistatus.js';
import { calendarPath } from './paths.js';
import { colorOfText } from './properties.js';
import { parseBody } from './propfind.js';
import { calendarIdOf, calendarOf, homeKey, requireOwnUser, type PathParams } from './targets.js';
import { child, keyOf, NS, type XmlNode } from './xml.js';

const XML_TYPE = 'application/xml; charset=utf-8';

const SETTABLE: Record<string, (node: XmlNode, input: CalendarInput) => boolean> = {
  [`{${NS.dav}}displayname`]: (node, input) => (input.summary = node.text.trim()).length > 0,
  [`{${NS.caldav}}calendar-description`]: (node, input) => ((input.description = node.text), true),
  [`{${NS.apple}}calendar-color`]: (node, input) => (input.color = colorOfText(node.text)) !== undefined,
};

/** The `set` properties of a PROPPATCH or MKCALENDAR body, and those that cannot be set. */
function settings(root: XmlNode, mkcol = false): { input: CalendarInput; names: XmlNode[]; refused: XmlNode[] } {
  const input: CalendarInput = {};
  const names: XmlNode[] = [];
  const refused: XmlNode[] = [];
  for (const action of root.children) {
    const prop = child(action, NS.dav, 'prop');
    if (!prop) continue;
    for (const node of prop.children) {
      names.push(node);
      // RFC 5689 §3: an extended MKCOL names the resource type; a calendar is the one collection made here.
      if (mkcol && keyOf(node) === `{${NS.dav}}resourcetype`) {
        if (!child(node, NS.caldav, 'calendar')) refused.push(node);
        continue;
      }
      const set = SETTABLE[keyOf(node)];
      // Removing (DAV:remove) is refused: each of these properties always has a value.
      if (action.name !== 'set' || !set || !set(node, input)) refused.push(node);
    }
  }
  return { input, names, refused };
}

/**
 * MKCALENDAR (RFC 4791 §5.3.1) or MKCOL (RFC 4918 §9.3, RFC 5689) in the
 * home: a calendar owned by the user. Its id is the server's (calendars.md
 * §2.1); the segment asked for is recorded as its alias, so the client keeps
 * its URL.
 */
async function makeCalendar(deps: CaldavDeps, principal: Principal, request: FastifyRequest, reply: FastifyReply, method: 'mkcalendar' | 'mkcol'): Promise<FastifyReply> {
  const params = request.params as PathParams;
  requireOwnUser(principal, params);
  const segment = params.calendar ?? '';
  const id = await calendarIdOf(deps, principal, segment);
  // RFC 4791 §5.3.1.1: the URL must not name a calendar already there (a retried MKCALENDAR makes no second one).
  if ((await calendarViews(deps, principal)).some((v) => v.calendar.calendarId === id)) {
    throw new DavError(405, davCondition('resource-must-be-null'), 'a calendar is already there');
  }
  const body = typeof request.body === 'string' ? request.body : '';
  let input: CalendarInput = {};
  if (body.trim() !== '') {
    // RFC 4918 §9.3 / RFC 5689 §3: an MKCOL body other than DAV:mkcol is 415.
    const root = method === 'mkcalendar' ? parseBody(body) : mkcolBody(body);
    const asked = settings(root, method === 'mkcol');
    if (asked.refused.length > 0) throw new DavError(403, davCondition('valid-resourcetype'), `cannot set ${asked.refused.map((r) => r.name).join(', ')}`);
    input = asked.input;
  }
  const created = await deps.calendars.create(principal.identity, { summary: input.summary ?? segment, description: input.description ?? '' });
  if (input.color !== undefined) await deps.calendars.patch(principal.identity, created.calendar.calendarId, { color: input.color });
  if (segment !== created.calendar.calendarId) await deps.store.caldavNames.put(principal.identity.tenantKey, homeKey(principal), segment, created.calendar.calendarId);
  return reply.code(201).header('Location', calendarPath(principal.user.userId, segment)).send();
}

function mkcolBody(body: string): XmlNode {
  let root: XmlNode | undefined;
  try {
    root = parseBody(body);
  } catch {
    root = undefined;
  }
  if (!root || root.ns !== NS.dav || root.name !== 'mkcol') throw new DavError(415, undefined, 'an MKCOL body is a DAV:mkcol (RFC 5689)');
  return root;
}

export function collectionRoutes(app: FastifyInstance, deps: CaldavDeps, principalOf: (request: FastifyRequest) => Principal): void {
  app.route({ method: 'MKCALENDAR', url: '/calendars/:user/:calendar/', handler: async (request, reply) => makeCalendar(deps, principalOf(request), request, reply, 'mkcalendar') });
  // A plain MKCOL in the home makes a calendar too, as does an extended one (RFC 5689) asking for CALDAV:calendar.
  app.route({ method: 'MKCOL', url: '/calendars/:user/:calendar/', handler: async (request, reply) => makeCalendar(deps, principalOf(request), request, reply, 'mkcol') });
  app.route({
    method: 'MKCOL', url: '/calendars/:user/:calendar/*',
    handler: async (request) => {
      // RFC 4918 §9.3.1: no parent is 409; RFC 4791 §4.2: a calendar holds no collections.
      const params = request.params as PathParams & { '*': string };
      // A body that is no DAV:mkcol is 415 wherever the MKCOL is (RFC 4918 §9.3).
      const body = typeof request.body === 'string' ? request.body : '';
      if (body.trim() !== '') mkcolBody(body);
      const missing = new DavError(409, undefined, 'the parent collection does not exist');
      if (params['*'].replace(/\/$/, '').includes('/')) throw missing;
      await calendarOf(deps, principalOf(request), params).catch((error: unknown) => {
        throw davErrorOf(error).status === 404 ? missing : error;
      });
      throw new DavError(403, caldavCondition('calendar-collection-location-ok'), 'a calendar collection holds no collections');
    },
  });
  for (const url of ['/', '/principals/:user/', '/calendars/:user/']) {
    app.route({ method: 'MKCOL', url, handler: async () => { throw new DavError(405, davCondition('resource-must-be-null'), 'a collection is already there'); } });
  }
  app.route({
    method: 'PROPPATCH', url: '/calendars/:user/:calendar/',
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const params = request.params as PathParams;
      const view = await calendarOf(deps, principal, params);
      const href = calendarPath(principal.user.userId, params.calendar ?? view.calendar.calendarId);
      const { input, names, refused } = settings(parseBody(typeof request.body === 'string' ? request.body : ''));
      if (view.role !== 'owner') return reply.code(207).type(XML_TYPE).send(multistatus([propertyStatus(href, names, 403, 'Forbidden')]));
      if (refused.length > 0) {
        // RFC 4918 §9.2: all or nothing; the others fail for want of the refused ones.
        const others = names.filter((n) => !refused.includes(n));
        return reply.code(207).type(XML_TYPE).send(multistatus([propertyStatus(href, refused, 403, 'Forbidden'), ...(others.length > 0 ? [propertyStatus(href, others, 424, 'Failed Dependency')] : [])]));
      }
      const { color, ...global } = input;
      if (Object.keys(global).length > 0) await deps.calendars.patch(principal.identity, view.calendar.calendarId, global);
      if (color !== undefined) await deps.calendars.patch(principal.identity, view.calendar.calendarId, { color });
      return reply.code(207).type(XML_TYPE).send(multistatus([propertyStatus(href, names, 200, 'OK')]));
    },
  });
  app.delete('/calendars/:user/:calendar/', async (request, reply) => {
    const principal = principalOf(request);
    const view = await calendarOf(deps, principal, request.params as PathParams);
    if (view.role !== 'owner') throw needPrivileges('deleting a calendar needs its owner');
    await deps.calendars.delete(principal.identity, view.calendar.calendarId);
    return reply.code(204).send();
  });
}
