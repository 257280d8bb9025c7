/**
 * Stopping without dropping a request (issue #16 §4: "SIGTERM under load: stop
 * accepting, finish in-flight requests, flush, exit"). Closing keep-alive
 * connections at once races with clients that are just sending on them: their
 * request meets a reset. So a drain
 *   1. stops accepting connections;
 *   2. answers every request from then on with `Connection: close`, so each
 *      connection ends after the answer it is carrying;
 *   3. leaves idle connections a grace period to send what they were about to,
 *      then closes those still idle;
 *   4. after a deadline, closes whatever is left.
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface DrainOptions {
  /** How long an idle keep-alive connection may still bring a request. */
  graceMs: number;
  /** When everything still open is closed. */
  deadlineMs: number;
}

export const DEFAULT_DRAIN: DrainOptions = { graceMs: 1000, deadlineMs: 10_000 };

const draining = new WeakSet<FastifyInstance>();

/** The root hook; buildServer installs it before any route. */
export function installDrain(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (draining.has(app)) void reply.header('Connection', 'close');
    return payload;
  });
}

/** app.close(), the drain way; resolves when every connection has ended and the onClose hooks ran. */
export async function drainAndClose(app: FastifyInstance, options: DrainOptions = DEFAULT_DRAIN): Promise<void> {
  draining.add(app);
  const server = app.server;
  if (server.listening) {
    // net.Server's close stops accepting; http.Server's would also close idle keep-alive
    // connections at once (Node ≥ 19), the very race this drain avoids.
    net.Server.prototype.close.call(server);
  }
  const started = Date.now();
  // Ends as soon as no connection is left: at once when none is open.
  while ((await connections(server)) > 0) {
    const waited = Date.now() - started;
    if (waited >= options.deadlineMs) {
      server.closeAllConnections();
      break;
    }
    if (waited >= options.graceMs) server.closeIdleConnections();
    await sleep(50);
  }
  // Nothing is left open: Fastify's close runs the onClose hooks (its server.close finds it stopped).
  await app.close();
}

function connections(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
