/**
 * The hostile requests: a route, a kind of attack, and the bytes to send.
 * Each case is drawn from the seeded generator alone, so a seed replays the
 * same sequence; ids and tokens are the world's at the time of sending.
 */
import { fieldPaths, mutantFor, mutatedText, type Mutant, type Path } from './mutations.js';
import { Rng } from './random.js';
import { routeKey, type RouteInfo } from './routes.js';
import { sampleFor, type Json } from './samples.js';
import type { Outgoing } from './send.js';
import type { TokenKind, World } from './world.js';
import { CONTENT_TYPES, forgedPagingTokens, MALFORMED_JSON, ODD_SEGMENTS, paddedBody } from './wire.js';

export const CASE_KINDS = ['field', 'query-field', 'json', 'content-type', 'size', 'path', 'query', 'token', 'header', 'method', 'raw'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

const WEIGHTS: Record<CaseKind, number> = {
  field: 40, 'query-field': 8, json: 7, 'content-type': 6, size: 1, path: 12, query: 8, token: 8, header: 4, method: 4, raw: 2,
};

export interface Case {
  kind: CaseKind;
  /** The route pattern aimed at, `POST /open-apis/calendar/v4/calendars`. */
  route: string;
  /** What was done, for the report: `body.start_time.timestamp = huge string 1 MB`. */
  label: string;
  request: Outgoing | { raw: Buffer };
  /** The token the request carried, if any: an answer must not echo it. */
  token?: string;
}

export function drawCase(rng: Rng, world: World): Case {
  const route = rng.pick(world.routes);
  const kind = rng.weighted(WEIGHTS);
  const base = baseRequest(route, world, rng);
  const draw = DRAWS[kind];
  const { label, request } = draw(rng, world, route, base);
  return { kind, route: routeKey(route), label, request, token: tokenIn(request) };
}

/** The route's request unspoiled, with its usual token: how far the fuzz reaches, before it attacks. */
export function seedCase(route: RouteInfo, world: World): Case {
  const base = baseRequest(route, world, new Rng(1));
  const request = outgoing(route, base);
  return { kind: 'field', route: routeKey(route), label: 'seed (unmutated)', request, token: tokenIn(request) };
}

/** A request the route would accept, before the attack. */
interface Base {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Json | undefined;
  form: boolean;
  token: string | undefined;
}

function baseRequest(route: RouteInfo, world: World, rng: Rng): Base {
  const sample = sampleFor(route, world.ids);
  const params: Record<string, string> = {};
  for (const name of paramNames(route.url)) params[name] = world.ids[name] ?? 'x';
  // A third of the time the acme primary calendar, which every user and bot has.
  if (params.calendar_id && rng.chance(0.3)) params.calendar_id = 'primary';
  return { method: route.method, params, query: sample.query, body: sample.body, form: sample.form === true, token: tokenOf(defaultToken(route), world) };
}

function defaultToken(route: RouteInfo): TokenKind {
  if (route.tokens?.includes('user')) return 'user';
  if (route.tokens?.includes('tenant')) return 'tenant';
  if (route.url.endsWith('/user_info')) return 'user';
  if (/\/authen\/v1\/(oidc\/)?(access_token|refresh_access_token)$/.test(route.url)) return 'app';
  return 'none';
}

const tokenOf = (kind: TokenKind, world: World) => (kind === 'none' ? undefined : world.tokens[kind]);

function paramNames(url: string): string[] {
  return [...url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]!);
}

function pathOf(route: RouteInfo, params: Record<string, string>, raw: Partial<Record<string, string>> = {}): string {
  return route.url.replace(/:([a-z_]+)/g, (_m, name: string) => raw[name] ?? encodeURIComponent(params[name] ?? 'x'));
}

function queryText(query: Record<string, string>): string {
  const text = new URLSearchParams(query).toString();
  return text ? `?${text}` : '';
}

function bodyText(base: Base): string | undefined {
  if (base.body === undefined) return undefined;
  if (base.form && base.body && typeof base.body === 'object' && !Array.isArray(base.body)) {
    return new URLSearchParams(Object.entries(base.body).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
  }
  return JSON.stringify(base.body);
}

function outgoing(route: RouteInfo, base: Base, over: Partial<{ path: string; body: string | Buffer; contentType: string | null; headers: Record<string, string>; method: string }> = {}): Outgoing {
  const body = 'body' in over ? over.body : bodyText(base);
  const headers: Record<string, string> = {};
  if (base.token) headers.authorization = `Bearer ${base.token}`;
  const contentType = over.contentType !== undefined ? over.contentType : body !== undefined ? (base.form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8') : null;
  if (contentType !== null) headers['content-type'] = contentType;
  Object.assign(headers, over.headers);
  return { method: over.method ?? base.method, path: over.path ?? `${pathOf(route, base.params)}${queryText(base.query)}`, headers, ...(body !== undefined && { body }) };
}

type Draw = (rng: Rng, world: World, route: RouteInfo, base: Base) => { label: string; request: Case['request'] };

const DRAWS: Record<CaseKind, Draw> = {
  field(rng, world, route, base) {
    if (base.body === undefined || typeof base.body !== 'object' || base.body === null) return DRAWS.json(rng, world, route, base);
    const paths = fieldPaths(base.body);
    if (paths.length === 0) return DRAWS['query-field'](rng, world, route, base);
    const path = rng.pick(paths);
    const choice = rng.chance(0.08) ? 'remove' : rng.chance(0.05) ? 'unknown' : mutantFor(String(path.filter((p) => typeof p === 'string').pop() ?? ''), rng);
    const body = base.form ? formOf(base.body, String(path[0]), choice) : mutatedText(base.body, path, choice);
    return { label: `body.${pathLabel(path)} = ${typeof choice === 'string' ? choice : choice.label}`, request: outgoing(route, base, { body }) };
  },
  'query-field'(rng, world, route, base) {
    const names = [...Object.keys(base.query), 'user_id_type', 'page_size'];
    const name = rng.pick(names);
    const mutant = mutantFor(name, rng);
    const value = 'raw' in mutant ? mutant.raw : typeof mutant.value === 'string' ? mutant.value : JSON.stringify(mutant.value);
    // A megabyte in a query passes no server's request line: cut to what Node takes (16 KB of headers).
    const query = { ...base.query, [name]: value.slice(0, 8_000) };
    return { label: `query.${name} = ${mutant.label}`, request: outgoing(route, { ...base, query }) };
  },
  json(rng, _world, route, base) {
    const [label, text] = rng.pick(MALFORMED_JSON);
    const method = base.method === 'GET' || base.method === 'DELETE' ? (rng.chance(0.5) ? base.method : 'POST') : base.method;
    return { label: `json: ${label}`, request: outgoing(route, base, { body: text, contentType: 'application/json', method }) };
  },
  'content-type'(rng, _world, route, base) {
    const contentType = rng.pick(CONTENT_TYPES);
    const body = rng.chance(0.3) ? 'a=1&b=2&app_id=x' : bodyText(base) ?? '{}';
    return { label: `content-type: ${contentType || '(empty)'}`, request: outgoing(route, base, { body, contentType }) };
  },
  size(rng, _world, route, base) {
    const megabytes = rng.pick([5, 11]);
    return { label: `body of ${megabytes} MB`, request: outgoing(route, base, { body: paddedBody(megabytes), contentType: 'application/json' }) };
  },
  path(rng, world, route, base) {
    const names = paramNames(route.url);
    if (rng.chance(0.1)) {
      // Raw bytes that are not UTF-8 in the path: Node's client will not write them.
      const path = Buffer.concat([Buffer.from(`${pathOf(route, base.params)}`), Buffer.from([0xff, 0xfe, 0xc0, 0xaf])]);
      return { label: 'path: raw invalid UTF-8 bytes', request: { raw: rawRequest(base.method, path, base.token) } };
    }
    if (names.length === 0) {
      const [label, value] = rng.pick(ODD_SEGMENTS);
      return { label: `path: ${label} appended`, request: outgoing(route, base, { path: `${pathOf(route, base.params)}/${value}${queryText(base.query)}` }) };
    }
    const name = rng.pick(names);
    const foreign = world.foreignIds[name];
    const [label, value] = rng.chance(0.15) && foreign ? ['other tenant\'s id', encodeURIComponent(foreign)] : rng.pick(ODD_SEGMENTS);
    return { label: `path :${name} = ${label}`, request: outgoing(route, base, { path: `${pathOf(route, base.params, { [name]: value })}${queryText(base.query)}` }) };
  },
  query(rng, world, route, base) {
    const path = pathOf(route, base.params);
    const own = queryText(base.query).slice(1);
    const forged = () => rng.pick(forgedPagingTokens(world.pagingTokens));
    const options: Array<[string, () => string]> = [
      ['duplicated user_id_type', () => `user_id_type=user_id&user_id_type=open_id&${own}`],
      ['duplicated page_size', () => `${own}&page_size=10&page_size=1000`],
      ['array page_size[]', () => `${own}&page_size[]=1&page_size[]=2`],
      ['nested __proto__', () => `${own}&__proto__[polluted]=1&constructor[prototype][x]=1`],
      ['forged page_token', () => `${own}&page_token=${encodeURIComponent(forged())}`],
      ['forged sync_token', () => `${own}&sync_token=${encodeURIComponent(forged())}`],
      ['page and sync token together', () => `${own}&page_token=${encodeURIComponent(forged())}&sync_token=${encodeURIComponent(forged())}`],
      ['duplicated page_token', () => `${own}&page_token=${encodeURIComponent(forged())}&page_token=${encodeURIComponent(forged())}`],
      ['bad percent-encoding', () => `${own}&page_token=%ZZ%&user_id_type=%FF%FE`],
      ['NUL in value', () => `${own}&page_token=a%00b&user_id_type=user_id%00`],
      ['empty names', () => `&&&=&==&${own}`],
      ['1,000 parameters', () => `${own}&${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}`],
      ['page_size huge', () => `${own}&page_size=99999999999999999999999`],
      ['page_size negative', () => `${own}&page_size=-1`],
      ['page_size float', () => `${own}&page_size=1.5`],
    ];
    const [label, make] = rng.pick(options);
    return { label: `query: ${label}`, request: outgoing(route, base, { path: `${path}?${make()}` }) };
  },
  token(rng, world, route, base) {
    const kinds = Object.keys(world.tokens) as Array<keyof World['tokens']>;
    const headerOptions: Array<[string, string | undefined]> = [
      ...kinds.map((k): [string, string] => [`${k} token`, `Bearer ${world.tokens[k]}`]),
      ['none', undefined], ['Bearer alone', 'Bearer'], ['Bearer and a space', 'Bearer '], ['lower-case bearer', `bearer ${world.tokens.tenant}`],
      ['no scheme', world.tokens.tenant], ['Basic', 'Basic dXNlcjpwYXNzd29yZA=='], ['two tokens', `Bearer ${world.tokens.tenant} ${world.tokens.user}`],
      ['two spaces', `Bearer  ${world.tokens.tenant}`], ['2 KB garbage', `Bearer t-${'A'.repeat(2000)}`], ['token cut short', `Bearer ${world.tokens.tenant.slice(0, -3)}`],
      ['emoji', `Bearer ${encodeURIComponent('👩🏽‍💻')}`],
    ];
    if (rng.chance(0.15)) {
      const path = Buffer.from(`${pathOf(route, base.params)}${queryText(base.query)}`);
      return { label: 'token: two Authorization headers', request: { raw: rawRequest(base.method, path, base.token, [`Authorization: Bearer ${world.tokens.other_tenant}`]) } };
    }
    const [label, header] = rng.pick(headerOptions);
    const request = outgoing(route, { ...base, token: undefined }, header === undefined ? {} : { headers: { authorization: header } });
    return { label: `token: ${label}`, request };
  },
  header(rng, _world, route, base) {
    const options: Array<[string, Record<string, string>]> = [
      ['Authorization of 20 KB', { authorization: `Bearer ${'A'.repeat(20 * 1024)}` }],
      ['Cookie of 64 KB', { cookie: `a=${'b'.repeat(64 * 1024)}` }],
      ['200 headers', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-fuzz-${i}`, 'v'.repeat(100)]))],
      ['forged X-Tt-Logid', { 'x-tt-logid': '20260101000000DEADBEEF', 'x-request-id': '../../etc' }],
      ['Accept: text/html', { accept: 'text/html' }],
      ['Content-Encoding: gzip on plain text', { 'content-encoding': 'gzip' }],
      ['Expect: 100-continue', { expect: '100-continue' }],
      ['Accept-Charset: utf-7', { 'accept-charset': 'utf-7', 'accept-language': 'x'.repeat(4000) }],
      ['X-Forwarded-For forged', { 'x-forwarded-for': '127.0.0.1, ::1, 999.999.999.999', 'x-forwarded-host': 'evil.example' }],
    ];
    const [label, headers] = rng.pick(options);
    return { label: `header: ${label}`, request: outgoing(route, base, { headers }) };
  },
  method(rng, _world, route, base) {
    const method = rng.pick(['PUT', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCALENDAR', 'REPORT', 'FOO', 'HEAD', 'PATCH', 'DELETE', 'GET', 'POST', 'CONNECT', 'get', 'M-SEARCH']);
    if (method === 'CONNECT' || method === 'get') {
      const path = Buffer.from(method === 'CONNECT' ? '127.0.0.1:443' : pathOf(route, base.params));
      return { label: `method ${method}`, request: { raw: rawRequest(method, path, base.token) } };
    }
    return { label: `method ${method}`, request: outgoing(route, base, { method }) };
  },
  raw(rng, _world, route, base) {
    const path = pathOf(route, base.params);
    const options: Array<[string, string]> = [
      ['no Host header', `GET ${path} HTTP/1.1\r\nConnection: close\r\n\r\n`],
      ['garbage request line', 'GARBAGE\r\n\r\n'],
      ['HTTP/9.9', `GET ${path} HTTP/9.9\r\nHost: x\r\n\r\n`],
      ['bare LF line ends', `GET ${path} HTTP/1.1\nHost: x\nConnection: close\n\n`],
      ['header without a colon', `GET ${path} HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n`],
      ['obs-fold header', `GET ${path} HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n`],
      ['space in path', `GET ${path}/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['Content-Length longer than the body', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{}`],
      ['Content-Length and chunked', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`],
      ['bad chunk size', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`],
      ['negative Content-Length', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`],
      ['two Content-Lengths', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`],
      ['absolute URI', `GET http://evil.example${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['asterisk target', `OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
    ];
    const [label, text] = rng.pick(options);
    const auth = base.token ? `Authorization: Bearer ${base.token}\r\n` : '';
    return { label: `raw: ${label}`, request: { raw: Buffer.from(text.replace('\r\nHost: x\r\n', `\r\nHost: x\r\n${auth}`), 'latin1') } };
  },
};

function rawRequest(method: string, path: Buffer, token: string | undefined, extra: string[] = []): Buffer {
  const lines = ['Host: 127.0.0.1', ...(token ? [`Authorization: Bearer ${token}`] : []), ...extra, 'Connection: close'];
  return Buffer.concat([Buffer.from(`${method} `), path, Buffer.from(` HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)]);
}

function tokenIn(request: Case['request']): string | undefined {
  if ('raw' in request) return /Authorization: Bearer (\S+)/.exec(request.raw.toString('latin1'))?.[1];
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
}

function pathLabel(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}

/** A form is flat: the mutant replaces (or removes, or sits beside) one of its fields, as text. */
function formOf(body: Json, field: string, choice: Mutant | 'remove' | 'unknown'): string {
  const fields = new Map(Object.entries(body as Record<string, Json>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  if (choice === 'remove') fields.delete(field);
  else if (choice === 'unknown') fields.set(`x_unknown_${field}`, '1');
  else fields.set(field, 'raw' in choice ? choice.raw : typeof choice.value === 'string' ? choice.value : JSON.stringify(choice.value));
  return new URLSearchParams([...fields]).toString();
}
