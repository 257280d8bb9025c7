/**
 * `application/x-www-form-urlencoded` bodies (the login form; OAuth v2 token
 * requests, which Feishu accepts in either encoding), and strict reading of
 * one string parameter from a parsed body or query.
 */
import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../../../core/tenancy/oauth.js';

export type Params = Record<string, unknown>;

/** Repeated keys become arrays, so that `param` can refuse them instead of picking one. */
export function addFormParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, text, done) => {
    const out: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(String(text))) {
      const previous = out[key];
      out[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    }
    done(null, out);
  });
}

/** The parameters of a body or query; anything but a plain object is malformed. */
export function paramsOf(value: unknown): Params {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OAuthError('malformed_request', 'body must be an object');
  return value as Params;
}

/**
 * One string parameter: undefined when absent, malformed when repeated or not
 * a string (RFC 6749 §3.1: parameters must not be sent more than once).
 */
export function param(params: Params, name: string): string | undefined {
  const value = Object.hasOwn(params, name) ? params[name] : undefined;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new OAuthError('malformed_request', `${name} must be a single string`);
  return value;
}

/** A required parameter: absent or empty is 20001. */
export function required(params: Params, name: string): string {
  const value = param(params, name);
  if (value === undefined || value === '') throw new OAuthError('missing_parameter', name);
  return value;
}
