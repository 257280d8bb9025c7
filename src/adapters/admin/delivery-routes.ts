/**
 * Change-event deliveries through the admin API (issue #12 §4): the outbox
 * with its attempts, a redelivery on demand, and an app's event settings.
 */
import type { FastifyInstance } from 'fastify';
import { AppEvents } from '../../core/delivery/app-events.js';
import { DELIVERY_STATUSES, type AppEventConfig, type Delivery, type DeliveryAttempt, type DeliveryStatus } from '../../core/delivery/model.js';
import type { DeliveryFilter } from '../../core/delivery/ports.js';
import type { Store } from '../../core/ports.js';
import { redact, REDACTED } from '../sandbox/redact.js';
import { AdminError } from './errors.js';

/** What the routes need of the running delivery worker. */
export interface DeliveryControl {
  redeliver(eventId: string): Promise<{ delivery: Delivery; attempt: DeliveryAttempt } | undefined>;
  /** Runs a round now: a changed request URL is challenged at once. */
  nudge(): void;
}

const PAGE = 500;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export function deliveryRoutes(store: Store, control: DeliveryControl) {
  const appEvents = new AppEvents(store);
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/deliveries', async (request) => {
      const { appId, status, limit } = await listingOf(store, request.query as Record<string, unknown>);
      const deliveries = await newest(store, { appId, status }, limit);
      const attempts = await store.deliveries.attemptsOf(deliveries.map((d) => d.eventId));
      return { items: deliveries.map((d) => deliveryJson(d, attempts.filter((a) => a.eventId === d.eventId))) };
    });

    app.post<{ Params: { id: string } }>('/deliveries/:id/redeliver', async (request) => {
      const sent = await control.redeliver(request.params.id);
      if (!sent) throw new AdminError(404, 'not_found', `no delivery ${request.params.id}`);
      const attempts = await store.deliveries.attemptsOf([sent.delivery.eventId]);
      return { delivery: deliveryJson(sent.delivery, attempts), sent: attemptJson(sent.attempt) };
    });

    app.get<{ Params: { app_id: string } }>('/apps/:app_id/events', async (request) => {
      await knownApp(store, request.params.app_id);
      const config = await appEvents.get(request.params.app_id);
      if (!config) throw new AdminError(404, 'not_found', `app ${request.params.app_id} has no event configuration`);
      return configJson(config);
    });

    // The body is the fixture's `events` block; fields not given keep their value (AppEvents.configure).
    app.put<{ Params: { app_id: string } }>('/apps/:app_id/events', async (request) => {
      await knownApp(store, request.params.app_id);
      const config = await appEvents.configure(request.params.app_id, request.body as never, 'events');
      control.nudge();
      return configJson(config);
    });
  };
}

async function knownApp(store: Store, appId: string): Promise<void> {
  if (!(await store.tenancy.getApp(appId))) throw new AdminError(404, 'not_found', `no app ${appId}`);
}

async function listingOf(store: Store, query: Record<string, unknown>): Promise<{ appId?: string; status?: DeliveryStatus; limit: number }> {
  const unknown = Object.keys(query).find((k) => !['app_id', 'status', 'limit'].includes(k));
  if (unknown !== undefined) throw invalid(`unknown parameter ${unknown} (known: app_id, status, limit)`);
  const listing: { appId?: string; status?: DeliveryStatus; limit: number } = { limit: DEFAULT_LIMIT };
  if (query.app_id !== undefined) {
    if (typeof query.app_id !== 'string') throw invalid('app_id must be given once');
    await knownApp(store, query.app_id);
    listing.appId = query.app_id;
  }
  if (query.status !== undefined) {
    if (typeof query.status !== 'string' || !(DELIVERY_STATUSES as readonly string[]).includes(query.status)) throw invalid(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    listing.status = query.status as DeliveryStatus;
  }
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'string' || !/^[1-9]\d{0,3}$/.test(query.limit) || Number(query.limit) > MAX_LIMIT) throw invalid(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    listing.limit = Number(query.limit);
  }
  return listing;
}

/** The `limit` most recent deliveries, newest first: the repository pages oldest first, so this reads to the end. */
async function newest(store: Store, filter: Pick<DeliveryFilter, 'appId' | 'status'>, limit: number): Promise<Delivery[]> {
  const kept: Delivery[] = [];
  let after: DeliveryFilter['after'];
  for (;;) {
    const page = await store.deliveries.list({ ...filter, limit: PAGE, ...(after && { after }) });
    kept.push(...page);
    if (kept.length > limit) kept.splice(0, kept.length - limit);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return kept.reverse();
    after = { createdAt: last.createdAt, eventId: last.eventId };
  }
}

function deliveryJson(d: Delivery, attempts: readonly DeliveryAttempt[]) {
  return {
    event_id: d.eventId, app_id: d.appId, tenant_key: d.tenantKey, event_type: d.eventType, change_type: d.changeType,
    status: d.status, created_at: iso(d.createdAt), due_at: iso(d.dueAt),
    // An app_ticket delivery's event is the ticket itself: redacted with the other secrets.
    event: redact(d.event),
    attempts: attempts.map(attemptJson),
  };
}

function attemptJson(a: DeliveryAttempt) {
  return { attempt: a.attempt, at: iso(a.at), transport: a.transport, ok: a.ok, code: a.code, latency_ms: Math.round(a.latencyMs), error: a.error };
}

/** The verification token is shown, as `larkcal app events` prints it: the receiver needs it. The encrypt key is not. */
function configJson(c: AppEventConfig) {
  return {
    app_id: c.appId, delivery: c.delivery, request_url: c.requestUrl, encrypt_key: c.encryptKey === null ? null : REDACTED,
    verification_token: c.verificationToken, types: c.types, url_check: c.urlCheck,
  };
}

const invalid = (message: string) => new AdminError(400, 'invalid', message);
