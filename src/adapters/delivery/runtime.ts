/** Starts delivery for a server: the worker over the webhook sender and, when served, the long connection. */
import { AppTickets } from '../../core/delivery/app-tickets.js';
import type { Clock, Store } from '../../core/ports.js';
import { TokenService } from '../../core/tenancy/tokens.js';
import { appSecretAuth, type LongConnectionAuth } from '../long-connection/auth.js';
import { LongConnectionHub, type LongConnectionOptions } from '../long-connection/hub.js';
import { sendChallenge } from './webhook-challenge.js';
import { deliverWebhook } from './webhook.js';
import { DeliveryWorker, type DeliveryLog, type Transports, type WorkerOptions } from './worker.js';

export interface DeliveryOptions extends WorkerOptions {
  /** `--delivery-deny-private`: refuse loopback, link-local and private addresses. */
  denyPrivate?: boolean;
  longConnection?: Transports['longConnection'];
}

export function startDelivery(store: Store, clock: Clock, log: DeliveryLog, options: DeliveryOptions = {}): DeliveryWorker {
  const denyPrivate = options.denyPrivate ?? false;
  const transports: Transports = {
    webhook: (config, envelope) => deliverWebhook({ url: config.requestUrl ?? '', encryptKey: config.encryptKey }, envelope, { denyPrivate, clock }),
    challenge: async (config) => (await sendChallenge(
      { url: config.requestUrl ?? '', encryptKey: config.encryptKey, verificationToken: config.verificationToken },
      { denyPrivate, clock },
    )).answered,
    ...(options.longConnection && { longConnection: options.longConnection }),
  };
  const appTickets = new AppTickets(store, clock, new TokenService(store, clock));
  const worker = new DeliveryWorker(store, clock, transports, log, { appTickets, ...options });
  worker.start();
  return worker;
}

/**
 * The long connection of a server: its hub, and the endpoint's check that the
 * app's credentials are right and its events go by long connection (internal
 * apps only, which the configuration already ensures).
 */
export function longConnectionOf(store: Store, clock: Clock, options: LongConnectionOptions = {}): { hub: LongConnectionHub; auth: LongConnectionAuth } {
  const tokens = new TokenService(store, clock);
  const auth = appSecretAuth(tokens, async (app) => app.kind === 'internal' && (await store.appEvents.get(app.appId))?.delivery === 'long_connection');
  return { hub: new LongConnectionHub(options), auth };
}
