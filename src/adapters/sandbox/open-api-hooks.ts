/**
 * The sandbox's hooks on the Open API (issue #12 §4): faults answer or delay a
 * call before its handler runs, so a faulted call changes nothing; the journal
 * records every call once it has been answered.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/ports.js';
import { appIdOf } from '../open-api/context.js';
import type { FaultBook } from './fault-book.js';
import type { Journal, JournalEntry } from './journal.js';
import { faultAnswer } from './presets.js';
import { redact, redactHeaders, redactQuery } from './redact.js';

export interface OpenApiSandbox {
  journal?: Journal;
  faults?: FaultBook;
  /** The tenant's user_id behind a user ref, for the journal's `user_id`. */
  userIdOf?(userRef: string): Promise<string | undefined>;
}

/** Installs the hooks; registered first, so `at` is taken before the gateway's checks run. */
export function installSandboxHooks(app: FastifyInstance, sandbox: OpenApiSandbox, clock: Clock): void {
  const started = new WeakMap<FastifyRequest, number>();
  const faulted = new WeakMap<FastifyRequest, string>();
  const { faults, journal } = sandbox;

  app.addHook('onRequest', async (request) => {
    started.set(request, clock.now());
  });

  // After the token is checked (the app is known) and the body read (the token endpoints name their app there), before validation and the handler.
  if (faults) {
    app.addHook('preValidation', async (request, reply) => {
      const [path = '/'] = request.url.split('?');
      const fault = faults.forCall({ method: request.method, path, route: request.routeOptions.url, appId: appIdOf(request) });
      if (!fault) return;
      faulted.set(request, fault.id);
      if (fault.delay_ms > 0) await sleep(fault.delay_ms);
      if (fault.preset === undefined && fault.response === undefined) return;
      const answer = faultAnswer(fault, request.logId, request.auth?.tokenKind);
      return reply.code(answer.status).headers(answer.headers).type('application/json; charset=utf-8').send(answer.body);
    });
  }

  if (journal) {
    // Recorded before the answer leaves, so a client that has its answer finds the call in the journal.
    app.addHook('onSend', async (request, reply, payload) => {
      try {
        journal.record(await entryOf(request, reply, {
          at: started.get(request) ?? clock.now(), payload, fault: faulted.get(request), userIdOf: sandbox.userIdOf,
        }));
      } catch (error) {
        request.log.warn({ err: error, log_id: request.logId }, 'journal entry not recorded');
      }
      return payload;
    });
  }
}

interface Seen {
  at: number;
  payload: unknown;
  fault: string | undefined;
  userIdOf: OpenApiSandbox['userIdOf'];
}

async function entryOf(request: FastifyRequest, reply: FastifyReply, seen: Seen): Promise<Omit<JournalEntry, 'seq'>> {
  const [path = '/', search = ''] = request.url.split('?');
  const identity = request.auth?.identity;
  const responseBody = bodyOf(seen.payload, String(reply.getHeader('content-type') ?? ''));
  const code = (responseBody as { code?: unknown } | null)?.code;
  return {
    kind: 'request',
    at: new Date(seen.at).toISOString(),
    method: request.method,
    path,
    route: request.routeOptions.url ?? null,
    query: redactQuery(search),
    status: reply.statusCode,
    code: typeof code === 'number' ? code : null,
    log_id: request.logId || null,
    app_id: appIdOf(request) ?? null,
    user_id: identity?.kind === 'user' ? (await seen.userIdOf?.(identity.userRef)) ?? null : null,
    duration_ms: Math.round(reply.elapsedTime),
    request_headers: redactHeaders(request.headers),
    request_body: request.body === undefined ? null : redact(request.body),
    response_headers: redactHeaders(reply.getHeaders()),
    response_body: responseBody,
    fault: seen.fault ?? null,
  };
}

/** JSON answers parsed and redacted; short plain text as it is; anything else (HTML pages, files) summarised. */
function bodyOf(payload: unknown, contentType: string): unknown {
  if (payload === undefined || payload === null || payload === '') return null;
  if (typeof payload !== 'string') return Buffer.isBuffer(payload) ? `(${contentType || 'body'}, ${payload.length} bytes)` : `(${contentType || 'body'}, streamed)`;
  if (contentType.includes('json')) {
    try {
      return redact(JSON.parse(payload));
    } catch {
      return `(${contentType}, ${payload.length} characters, not JSON)`;
    }
  }
  if (contentType.startsWith('text/plain') && payload.length <= 200) return payload;
  return `(${contentType || 'body'}, ${payload.length} characters)`;
}
