/** PROPFIND (RFC 4918 §9.1) on the root, a principal, the home, a calendar and an object; depth 0 and 1. */
import type { Principal } from './auth.js';
import { calendarViews, currentSyncToken, type CaldavDeps } from './context.js';
import { davCondition, DavError, needPrivileges } from './errors.js';
import { multistatus, propstats, type PropRequest } from './multistatus.js';
import { calendarResource, homeResource, objectResource, principalResource, rootResource, type Resource } from './properties.js';
import { DAV_PREFIX } from './paths.js';
import { calendarOf, homeKey, nameOf, requireOwnUser, type PathParams } from './targets.js';
import { child, NS, parseXml, XmlSyntaxError } from './xml.js';

export type Depth = 0 | 1;

/** RFC 4918 §10.2: absent means infinity, which we refuse (§9.1: propfind-finite-depth). */
export function depthOf(header: string | undefined, absent: Depth | 'infinity' = 'infinity'): Depth {
  const value = header?.trim().toLowerCase();
  if (value === '0') return 0;
  if (value === '1') return 1;
  if ((value === undefined || value === '') && absent !== 'infinity') return absent;
  throw new DavError(403, davCondition('propfind-finite-depth'), 'Depth must be 0 or 1');
}

/** The body's request; an empty body is allprop (RFC 4918 §9.1). */
export function propRequestOf(body: string, rootName: string): PropRequest {
  if (body.trim() === '') return { kind: 'all' };
  const root = parseBody(body);
  if (root.ns !== NS.dav || root.name !== rootName) throw new DavError(400, undefined, `the body must be a DAV:${rootName}`);
  return propRequestIn(root);
}

export function propRequestIn(node: ReturnType<typeof parseXml>): PropRequest {
  const prop = child(node, NS.dav, 'prop');
  if (prop) return { kind: 'props', names: prop.children };
  if (child(node, NS.dav, 'propname')) return { kind: 'names' };
  return { kind: 'all' };
}

export function parseBody(body: string): ReturnType<typeof parseXml> {
  try {
    return parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new DavError(400, undefined, `malformed XML: ${error.message}`);
    throw error;
  }
}

export type PropfindTarget = 'root' | 'principal' | 'home' | 'calendar' | 'object';

export async function propfind(deps: CaldavDeps, principal: Principal, target: PropfindTarget, params: PathParams, depth: Depth, request: PropRequest): Promise<string> {
  const resources: Resource[] = [];
  switch (target) {
    case 'root':
      resources.push(rootResource(`${DAV_PREFIX}/`, principal));
      if (depth === 1) resources.push(principalResource(principal));
      break;
    case 'principal':
      requireOwnUser(principal, params);
      resources.push(principalResource(principal));
      break;
    case 'home': {
      requireOwnUser(principal, params);
      resources.push(homeResource(principal));
      if (depth === 1) {
        const token = await currentSyncToken(deps, principal.identity.tenantKey);
        const aliases = await deps.store.caldavNames.namesOf(homeKey(principal));
        for (const view of await calendarViews(deps, principal)) resources.push(calendarResource(principal, view, token, aliases.get(view.calendar.calendarId)));
      }
      break;
    }
    case 'calendar': {
      const view = await calendarOf(deps, principal, params);
      const segment = params.calendar ?? view.calendar.calendarId;
      resources.push(calendarResource(principal, view, await currentSyncToken(deps, principal.identity.tenantKey), segment));
      if (depth === 1 && view.role !== 'free_busy_reader') {
        for (const object of await deps.objects.list(principal.identity, view.calendar)) resources.push(objectResource(principal, segment, object));
      }
      break;
    }
    case 'object': {
      const view = await calendarOf(deps, principal, params);
      if (view.role === 'free_busy_reader') throw needPrivileges('reading events needs DAV:read on the calendar');
      const object = await deps.objects.named(principal.identity, view.calendar, nameOf(params));
      if (!object) throw new DavError(404, undefined, 'no such calendar object');
      resources.push(objectResource(principal, params.calendar ?? view.calendar.calendarId, object, requestsData(request) ? object.text : undefined));
      break;
    }
  }
  return multistatus(resources.map((r) => propstats(r, request)));
}

const requestsData = (request: PropRequest): boolean => request.kind === 'props' && request.names.some((n) => n.ns === NS.caldav && n.name === 'calendar-data');

