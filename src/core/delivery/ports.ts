import type { AppEventConfig, Delivery, DeliveryAttempt, DeliveryStatus } from './model.js';

export type OpenDeliveryStatus = Exclude<DeliveryStatus, 'delivered'>;

export interface AppEventConfigRepository {
  get(appId: string): Promise<AppEventConfig | undefined>;
  /** Every app's configuration, by app id. */
  list(): Promise<AppEventConfig[]>;
  /** Creates or replaces the app's configuration. */
  put(config: AppEventConfig): Promise<void>;
  /** Apps whose request URL still awaits its challenge. */
  listPendingUrlChecks(limit: number): Promise<AppEventConfig[]>;
  /** Records the challenge's answer, unless the URL changed meanwhile. */
  recordUrlCheck(appId: string, requestUrl: string, answered: boolean): Promise<void>;
}

export interface DeliveryFilter {
  appId?: string;
  status?: DeliveryStatus;
  /** Deliveries created after this one (by creation order), for following. */
  after?: { createdAt: number; eventId: string };
  limit: number;
}

export interface DeliveryRepository {
  insert(delivery: Delivery): Promise<void>;
  /** The same for several, in as few statements as the database allows. */
  insertMany(deliveries: readonly Delivery[]): Promise<void>;
  /** The untried delivery under `mergeKey` whose window is still open at `now`. */
  findMergeable(mergeKey: string, now: number): Promise<Delivery | undefined>;
  /** Replaces the event body and change type of an untried delivery (a merge). */
  merge(eventId: string, event: Record<string, unknown>, changeType: Delivery['changeType']): Promise<void>;
  /** Drops an untried delivery: a create and a delete in one window cancel out (§10.3). */
  discard(eventId: string): Promise<void>;
  /**
   * Takes up to `limit` deliveries due at `now` for `worker` until `leaseUntil`:
   * webhook apps' ones, and long-connection apps' ones for `connectedApps` only.
   * Each is taken by one worker: a lease that ran out (its worker died) is taken again.
   */
  claimDue(now: number, worker: string, leaseUntil: number, limit: number, connectedApps: readonly string[]): Promise<Delivery[]>;
  /** Records an attempt and the delivery's next state, if `worker` still holds it. */
  recordAttempt(worker: string, attempt: DeliveryAttempt, next: { status: DeliveryStatus; dueAt: number }): Promise<void>;
  /** The same for several attempts, in one transaction. */
  recordAttempts(worker: string, records: ReadonlyArray<{ attempt: DeliveryAttempt; next: { status: DeliveryStatus; dueAt: number } }>): Promise<void>;
  /**
   * `recordAttempts`, then `claimDue` for the same worker, in one transaction:
   * a worker's round is one commit rather than two (and on SQLite one fsync
   * when it commits alone).
   */
  recordAndClaim(
    worker: string,
    records: ReadonlyArray<{ attempt: DeliveryAttempt; next: { status: DeliveryStatus; dueAt: number } }>,
    claim: { now: number; leaseUntil: number; limit: number; connectedApps: readonly string[] },
  ): Promise<Delivery[]>;
  get(eventId: string): Promise<Delivery | undefined>;
  list(filter: DeliveryFilter): Promise<Delivery[]>;
  attemptsOf(eventIds: readonly string[]): Promise<DeliveryAttempt[]>;
  /**
   * How many deliveries are still to go (pending, failed) or given up (exhausted): the outbox's
   * depth, for /metrics. Delivered ones are left out: they pile up, and the index on status serves the rest.
   */
  countOpen(): Promise<Record<OpenDeliveryStatus, number>>;
}
