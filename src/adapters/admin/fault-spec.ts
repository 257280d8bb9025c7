/**
 * The body of `POST /_larkcal/faults`, checked field by field: every mistake
 * is a 400 naming the field, and an accepted fault is one that can fire.
 */
import type { FaultMatch, FaultResponse, FaultSpec } from '../sandbox/fault-book.js';
import { PRESETS, type PresetName } from '../sandbox/presets.js';
import { AdminError } from './errors.js';

const FIELDS = ['match', 'preset', 'response', 'delay_ms', 'times', 'probability'];
const MATCH_FIELDS = ['method', 'path', 'app_id', 'delivery'];
const RESPONSE_FIELDS = ['http_status', 'code', 'msg', 'headers'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** Within a delivery's 30 s lease, so a delayed send is still its worker's; and long enough to outwait most clients' timeouts. */
export const MAX_DELAY_MS = 25_000;
/** Headers a fault may not set: they describe the body Fastify writes. */
const RESERVED_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'content-type'];

export function faultSpecOf(body: unknown): FaultSpec {
  const o = object(body, 'the body');
  known(o, FIELDS, '');
  const match = matchOf(o.match);
  const spec: FaultSpec = {
    match,
    delay_ms: o.delay_ms === undefined ? 0 : integer(o.delay_ms, 'delay_ms', 0, MAX_DELAY_MS),
    times: o.times === undefined || o.times === null ? null : integer(o.times, 'times', 1, 1_000_000),
    probability: o.probability === undefined ? 1 : probability(o.probability),
  };
  if (o.preset !== undefined) spec.preset = presetOf(o.preset, match.delivery === true);
  if (o.response !== undefined) {
    if (match.delivery) throw invalid('response', 'a delivery fault drops (preset "drop") or delays (delay_ms); it has no response');
    spec.response = responseOf(o.response, spec.preset === undefined);
  }
  if (spec.preset === undefined && spec.response === undefined && spec.delay_ms === 0) {
    throw invalid('(body)', 'a fault needs a preset, a response or delay_ms');
  }
  return spec;
}

function matchOf(raw: unknown): FaultMatch {
  if (raw === undefined) return {};
  const o = object(raw, 'match');
  known(o, MATCH_FIELDS, 'match.');
  const match: FaultMatch = {};
  if (o.delivery !== undefined && o.delivery !== false) {
    if (o.delivery !== true) throw invalid('match.delivery', 'must be true or false', o.delivery);
    if (o.method !== undefined || o.path !== undefined) throw invalid('match.delivery', 'a delivery fault matches app_id only, not method or path');
    match.delivery = true;
  }
  if (o.method !== undefined) {
    if (typeof o.method !== 'string' || !METHODS.includes(o.method)) throw invalid('match.method', `must be one of ${METHODS.join(', ')}`, o.method);
    match.method = o.method;
  }
  if (o.path !== undefined) {
    if (typeof o.path !== 'string' || !/^\/[^\s?#]{0,1023}$/.test(o.path)) throw invalid('match.path', 'must be a path or route pattern starting with "/", without a query', o.path);
    match.path = o.path;
  }
  if (o.app_id !== undefined) {
    if (typeof o.app_id !== 'string' || o.app_id.length === 0 || o.app_id.length > 128) throw invalid('match.app_id', 'must be an app_id', o.app_id);
    match.app_id = o.app_id;
  }
  return match;
}

function presetOf(raw: unknown, delivery: boolean): PresetName | 'drop' {
  if (delivery) {
    if (raw !== 'drop') throw invalid('preset', 'a delivery fault\'s preset must be "drop"', raw);
    return 'drop';
  }
  if (typeof raw !== 'string' || !(PRESETS as readonly string[]).includes(raw)) throw invalid('preset', `must be one of ${PRESETS.join(', ')}`, raw);
  return raw as PresetName;
}

function responseOf(raw: unknown, standalone: boolean): FaultResponse {
  const o = object(raw, 'response');
  known(o, RESPONSE_FIELDS, 'response.');
  const response: FaultResponse = {};
  if (o.http_status !== undefined) response.http_status = integer(o.http_status, 'response.http_status', 200, 599);
  else if (standalone) throw invalid('response.http_status', 'is required without a preset');
  if (o.code !== undefined) response.code = integer(o.code, 'response.code', 0, 2 ** 31 - 1);
  else if (standalone) throw invalid('response.code', 'is required without a preset');
  if (o.msg !== undefined) {
    if (typeof o.msg !== 'string' || o.msg.length > 1024) throw invalid('response.msg', 'must be a string of at most 1024 characters', o.msg);
    response.msg = o.msg;
  }
  if (o.headers !== undefined) response.headers = headersOf(o.headers);
  return response;
}

function headersOf(raw: unknown): Record<string, string> {
  const o = object(raw, 'response.headers');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(o)) {
    const field = `response.headers.${name}`;
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/.test(name)) throw invalid(field, 'is not a header name');
    if (RESERVED_HEADERS.includes(name.toLowerCase())) throw invalid(field, `may not be set (${RESERVED_HEADERS.join(', ')} describe the body)`);
    if (typeof value !== 'string' || !/^[\t\x20-\x7e]{0,4096}$/.test(value)) throw invalid(field, 'must be a string of printable ASCII', value);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

function probability(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0 || raw > 1) throw invalid('probability', 'must be a number above 0 and at most 1', raw);
  return raw;
}

function integer(raw: unknown, field: string, min: number, max: number): number {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min || raw > max) throw invalid(field, `must be an integer from ${min} to ${max}`, raw);
  return raw;
}

function object(raw: unknown, field: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(field, 'must be a JSON object', raw);
  return raw as Record<string, unknown>;
}

function known(o: Record<string, unknown>, fields: readonly string[], prefix: string): void {
  const unknown = Object.keys(o).find((k) => !fields.includes(k));
  if (unknown !== undefined) throw invalid(`${prefix}${unknown}`, `is not a field (known: ${fields.join(', ')})`);
}

function invalid(field: string, reason: string, got?: unknown): AdminError {
  return new AdminError(400, 'invalid', `${field}: ${reason}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`);
}
