/** 207 Multi-Status bodies (RFC 4918 §13): propstats per resource, or a bare status per href. */
import type { Resource } from './properties.js';
import { dav, keyOf, serialize, type Out, type XmlNode } from './xml.js';

/** What a PROPFIND or REPORT asks of each resource (RFC 4918 §14.20). */
export type PropRequest = { kind: 'all' } | { kind: 'names' } | { kind: 'props'; names: readonly XmlNode[] };

const status = (code: number, text: string): Out => dav('status', `HTTP/1.1 ${code} ${text}`);

export function propstats(resource: Resource, request: PropRequest): Out {
  const found: Out[] = [];
  const missing: Out[] = [];
  if (request.kind === 'props') {
    for (const name of request.names) {
      const value = resource.properties.get(keyOf(name));
      if (value) found.push(value);
      else missing.push({ ns: name.ns, name: name.name });
    }
  } else {
    for (const value of resource.properties.values()) found.push(request.kind === 'names' ? { ns: value.ns, name: value.name } : value);
  }
  return dav('response', [
    dav('href', resource.href),
    ...(found.length > 0 ? [dav('propstat', [dav('prop', found), status(200, 'OK')])] : []),
    ...(missing.length > 0 ? [dav('propstat', [dav('prop', missing), status(404, 'Not Found')])] : []),
  ]);
}

export function hrefStatus(href: string, code: 403 | 404, text: string): Out {
  return dav('response', [dav('href', href), status(code, text)]);
}

/** Every property named, each with one status: how PROPPATCH answers (RFC 4918 §9.2). */
export function propertyStatus(href: string, names: readonly XmlNode[], code: number, text: string): Out {
  return dav('response', [dav('href', href), dav('propstat', [dav('prop', names.map((n) => ({ ns: n.ns, name: n.name }))), status(code, text)])]);
}

export function multistatus(responses: readonly Out[], syncToken?: string): string {
  return serialize(dav('multistatus', [...responses, ...(syncToken !== undefined ? [dav('sync-token', syncToken)] : [])]));
}
