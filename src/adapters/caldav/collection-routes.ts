/**
 * The calendars themselves: MKCALENDAR (RFC 4791 §5.3.1) makes a shared
 * calendar owned by the user; PROPPATCH (RFC 4918 §9.2) sets displayname,
 * calendar-description and Apple's calendar-color, owner only, all or
 * nothing; DELETE removes a shared calendar the user owns, as REST does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CalendarInput } from '../../core/calendars/calendar-service.js';
import type { Principal } from './auth.js';
import type { CaldavDeps } from './context.js';
import { DavError, needPrivileges } from './errors.js';
import { multistatus, propertyStatus } from './multistatus.js';
import { calendarPath } from './paths.js';
import { colorOfText } from './properties.js';
import { parseBody } from './propfind.js';
import { calendarOf, requireOwnUser, type PathParams } from './targets.js';
import { child, keyOf, NS, type XmlNode } from './xml.js';

const XML_TYPE = 'application/xml; charset=utf-8';

const SETTABLE: Record<string, (node: XmlNode, input: CalendarInput) => boolean> = {
  [`{${NS.dav}}displayname`]: (node, input) => (input.summary = node.text.trim()).length > 0,
  [`{${NS.caldav}}calendar-description`]: (node, input) => ((input.description = node.text), true),
  [`{${NS.apple}}calendar-color`]: (node, input) => (input.color = colorOfText(node.text)) !== undefined,
};

/** The `set` properties of a PROPPATCH or MKCALENDAR body, and those that cannot be set. */
function settings(root: XmlNode): { input: CalendarInput; names: XmlNode[]; refused: XmlNode[] } {
  const input: CalendarInput = {};
  const names: XmlNode[] = [];
  const refused: XmlNode[] = [];
  for (const action of root.children) {
    const prop = child(action, NS.dav, 'prop');
    if (!prop) continue;
    for (const node of prop.children) {
      names.push(node);
      const set = SETTABLE[keyOf(node)];
      // Removing (DAV:remove) is refused: each of these properties always has a value.
      if (action.name !== 'set' || !set || !set(node, input)) refused.push(node);
    }
  }
  return { input, names, refused };
}

export function collectionRoutes(app: FastifyInstance, deps: CaldavDeps, principalOf: (request: FastifyRequest) => Principal): void {
  app.route({
    method: 'MKCALENDAR', url: '/calendars/:user/:calendar/',
    handler: async (request, reply) => {
      const principal = principalOf(request);
      requireOwnUser(principal, request.params as PathParams);
      const body = typeof request.body === 'string' ? request.body : '';
      const { input, refused } = body.trim() === '' ? { input: {}, refused: [] } : settings(parseBody(body));
      if (refused.length > 0) throw new DavError(403, { ns: NS.dav, name: 'valid-resourcetype' }, `cannot set ${refused.map((r) => r.name).join(', ')}`);
      // The calendar's id is the server's (calendars.md §2.1): the client's path segment names nothing.
      const created = await deps.calendars.create(principal.identity, { summary: input.summary ?? (request.params as PathParams).calendar ?? '', description: input.description ?? '' });
      if (input.color !== undefined) await deps.calendars.patch(principal.identity, created.calendar.calendarId, { color: input.color });
      return reply.code(201).header('Location', calendarPath(principal.user.userId, created.calendar.calendarId)).send();
    },
  });
  app.route({
    method: 'PROPPATCH', url: '/calendars/:user/:calendar/',
    handler: async (request, reply) => {
      const principal = principalOf(request);
      const view = await calendarOf(deps, principal, request.params as PathParams);
      const href = calendarPath(principal.user.userId, view.calendar.calendarId);
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
