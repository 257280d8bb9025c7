/**
 * Request validation. Query strings and path params are coerced (they arrive as
 * text, repeated keys as arrays); JSON bodies are not: a string where Feishu
 * wants an int32 is an error there, so it is one here.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { DomainError, type FieldViolation } from '../../core/errors.js';

const common = { allErrors: false, strict: false, useDefaults: true, verbose: true } as const;
const coercing = new Ajv({ ...common, coerceTypes: 'array', removeAdditional: true });
const strict = new Ajv({ ...common, coerceTypes: false, removeAdditional: true });

type InvalidReason = 'invalid:gateway_schema';

function compilerFor(reason?: InvalidReason): FastifySchemaCompiler<unknown> {
  const cache = new Map<string, ReturnType<Ajv['compile']>>();
  return ({ schema, httpPart }) => {
    const key = `${httpPart === 'body'}${JSON.stringify(schema)}`;
    let validate = cache.get(key);
    if (!validate) cache.set(key, (validate = (httpPart === 'body' ? strict : coercing).compile(schema as object)));
    return (data: unknown) => {
      if (!validate(data)) return { error: new RequestInvalid(validate.errors ?? [], reason) };
      // After the schema, so that a type error is told as such; fields it does not name are checked too.
      const at = controlCharacterAt(data);
      return at === undefined ? { value: data } : { error: new RequestInvalid([controlCharacterError(at)], reason) };
    };
  };
}

/** Calendar routes: parameter errors are the calendar's own 190002 (or 190014). */
export const validatorCompiler = compilerFor();

/** Routes of other Feishu services (contact): the gateway's 99992402 `field validation failed`. */
export const gatewayValidatorCompiler = compilerFor('invalid:gateway_schema');

/**
 * C0 controls other than tab, LF and CR. PostgreSQL's text cannot hold NUL at
 * all and SQLite would keep it, so the two dialects would disagree; none of
 * them belongs in a calendar's text either. Refused in every string (issue #16).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters (U+0000 to U+001F other than tab, LF and CR)';

/**
 * The JSON pointer of the first string or key holding a control character in
 * parsed input, or undefined. Walks plain objects and arrays only (not
 * Buffers or streams), without recursion, so no nesting depth overflows the stack.
 */
export function controlCharacterAt(value: unknown): string | undefined {
  if (isFlatAndClean(value)) return undefined;
  const pending: Array<[unknown, string]> = [[value, '']];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (CONTROL_CHARACTER.test(item)) return path;
      continue;
    }
    if (!isPlainContainer(item)) continue;
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (CONTROL_CHARACTER.test(key)) return `${path}/${key}`;
      pending.push([child, `${path}/${key}`]);
    }
  }
  return undefined;
}

/**
 * Every request's params and query, and most bodies, are one level of strings:
 * those are answered without the walk's allocations (issue #14 §3).
 */
function isFlatAndClean(value: unknown): boolean {
  if (typeof value === 'string') return !CONTROL_CHARACTER.test(value);
  if (Array.isArray(value) || !isPlainContainer(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (CONTROL_CHARACTER.test(key)) return false;
    if (typeof child === 'string' ? CONTROL_CHARACTER.test(child) : isPlainContainer(child)) return false;
  }
  return true;
}

function isPlainContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  // Routers and query parsers hand out objects of a class whose prototype has none (a faster `Object.create(null)`).
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** What Ajv would have said had a schema keyword refused the string: named and described like any other violation. */
function controlCharacterError(instancePath: string): ErrorObject {
  return { keyword: 'controlCharacter', instancePath, schemaPath: '#/controlCharacter', params: {}, message: CONTROL_CHARACTER_MESSAGE };
}

/** The same refusal for a part of the request no schema reads (path, query or body of a route without one). */
export function controlCharacterViolation(part: string, instancePath: string): FieldViolation {
  const field = fieldOf(controlCharacterError(instancePath));
  return { field, description: `${part} ${field === '(body)' ? '' : `${field} `}${CONTROL_CHARACTER_MESSAGE}` };
}

/** Thrown by the compiled validators; the error handler turns it into 190002/190014/99992402. */
export class RequestInvalid extends Error {
  constructor(
    readonly errors: ErrorObject[],
    readonly reason?: InvalidReason,
  ) {
    super('request validation failed');
  }
}

/**
 * A JSON body that does not parse: answered like any other parameter error of
 * the route. Still an `invalid_params` DomainError for handlers that only know those.
 */
export class BodyUnreadable extends DomainError {
  constructor(description: string) {
    super('invalid', [{ field: '(body)', description }]);
  }
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  return path || '(body)';
}

export function violationsOf(error: RequestInvalid, part: string | undefined): FieldViolation[] {
  return collapseUnions(error.errors).map((e) => {
    const field = fieldOf(e);
    const violation: FieldViolation = { field, description: `${part ?? 'request'} ${field === '(body)' ? '' : `${field} `}${messageOf(e)}` };
    if (e.data !== undefined && typeof e.data !== 'object') violation.value = String(e.data);
    return violation;
  });
}

function messageOf(error: ErrorObject): string {
  const allowed = error.keyword === 'enum' ? (error.params as { allowedValues: unknown[] }).allowedValues : constsOf(error);
  if (allowed) return `must be one of: ${allowed.join(', ')}`;
  return error.message ?? 'is invalid';
}

/** The values of a union of literals (TypeBox's enum), when `error` is that union's anyOf. */
function constsOf(error: ErrorObject): unknown[] | undefined {
  if (error.keyword !== 'anyOf' || !Array.isArray(error.schema)) return undefined;
  const branches = error.schema as Array<{ const?: unknown }>;
  return branches.every((b) => b && 'const' in b) ? branches.map((b) => b.const) : undefined;
}

/**
 * Ajv reports a failed anyOf once per branch and then once for the anyOf; a
 * client wants one violation per field, so the branch errors are dropped.
 */
function collapseUnions(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  return errors.filter((e) => e.keyword === 'anyOf' || !unions.some((path) => e.schemaPath.startsWith(`${path}/`)));
}

export function invalidRequest(error: RequestInvalid, part: string | undefined): DomainError {
  return new DomainError(error.reason ?? 'invalid', violationsOf(error, part));
}
