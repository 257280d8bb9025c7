/**
 * Every route the server registers, with its schemas, collected from Fastify
 * itself: Fastify publishes each new instance on the `fastify.initialization`
 * diagnostics channel before any plugin registers, so an `onRoute` hook added
 * there sees every route, and src/server.ts needs no hook for the fuzz.
 */
import { channel } from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteInfo {
  method: string;
  /** The pattern, `/open-apis/calendar/v4/calendars/:calendar_id`. */
  url: string;
  schema: { body?: JsonSchema; querystring?: JsonSchema; params?: JsonSchema };
  /** The token kinds the route takes (`config.auth.tokens`), when it checks them in the gateway. */
  tokens: readonly string[] | undefined;
}

/** The parts of JSON Schema (as TypeBox writes it) the fuzz reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
}

export const routeKey = (route: Pick<RouteInfo, 'method' | 'url'>) => `${route.method} ${route.url}`;

/**
 * Starts collecting: every Fastify instance created until `stop()` reports its
 * routes into the returned list. Call before building the server.
 */
export function collectRoutes(): { routes: RouteInfo[]; stop(): void } {
  const routes: RouteInfo[] = [];
  const initialization = channel('fastify.initialization');
  const onInstance = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    fastify.addHook('onRoute', (options: RouteOptions) => {
      const methods = Array.isArray(options.method) ? options.method : [options.method];
      const schema = (options.schema ?? {}) as RouteInfo['schema'];
      const auth = (options.config as { auth?: { tokens?: readonly string[] } } | undefined)?.auth;
      for (const method of methods) routes.push({ method, url: options.url, schema, tokens: auth?.tokens });
    });
  };
  initialization.subscribe(onInstance);
  return { routes, stop: () => initialization.unsubscribe(onInstance) };
}

/** The Open API routes the fuzz aims at: HEAD twins left out (Fastify adds them; the odd-method cases send HEAD). */
export function openApiRoutes(routes: readonly RouteInfo[]): RouteInfo[] {
  return routes.filter((r) => r.url.startsWith('/open-apis/') && r.method !== 'HEAD');
}
