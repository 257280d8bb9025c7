/**
 * The delivery worker: fans the change feed out into the outbox, takes what
 * is due, sends it by the app's transport and records each attempt. Every
 * step is a database step, so a crash loses nothing: an undelivered row stays
 * due, and a lease left by a dead worker runs out and is taken again.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterFailure, DEFAULT_RETRY_SCHEDULE_MS, type AppEventConfig, type Delivery, type DeliveryAttempt } from '../../core/delivery/model.js';
import { Outbox } from '../../core/delivery/outbox.js';
import type { Clock, Store } from '../../core/ports.js';
import { PollingLoop } from '../polling-loop.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { envelopeOf } from './envelope.js';
import type { AttemptOutcome } from './transport.js';

export interface Transports {
  /** Serialises the envelope with `JSON.stringify` and posts exactly those bytes to the app's URL. */
  webhook(config: AppEventConfig, envelope: object): Promise<AttemptOutcome>;
  /** Sends the URL-verification challenge; true when it was answered (§8.5). */
  challenge(config: AppEventConfig): Promise<boolean>;
  longConnection?: {
    deliver(appId: string, body: string): Promise<AttemptOutcome>;
    connectedApps(): ReadonlySet<string>;
  };
}

export interface DeliveryLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface WorkerOptions {
  /** Waits after each failed attempt; its length is the number of retries (§8.8). */
  retrySchedule?: readonly number[];
  /** Event changes within this window merge (§10.3); 0 turns merging off. */
  mergeWindowMs?: number;
  /** How often the worker looks for changes and due deliveries. */
  pollMs?: number;
  /** Attempts in flight at once, across apps. */
  concurrency?: number;
  /** Store apps' hourly ticket pushes, looked for once a minute. */
  appTickets?: { pushDue(): Promise<number> };
  /** The sandbox's delivery faults (issue #12 §4), asked before each send. */
  faults?: DeliveryFaults;
  /** Told of each send once it is done: the sandbox's journal. */
  onSent?: (sent: SentReport) => void;
}

export interface DeliveryFaults {
  /** What a fault does to the next send to `appId`: drop it, delay it, or (undefined) nothing. */
  forDelivery(appId: string): { id: string; drop: boolean; delayMs: number } | undefined;
}

export interface SentReport {
  delivery: Delivery;
  /** `attempt` is 0 for a redelivery, which is no attempt of the outbox. */
  attempt: DeliveryAttempt;
  /** The envelope, before encryption (sent unless a fault dropped it); undefined without a configuration. */
  envelope: object | undefined;
  requestUrl: string | null;
  fault: string | null;
}

const TICKET_CHECK_MS = 60_000;
/** New request URLs are looked for once a second (real time), not every round: a poll is a query. */
const URL_CHECK_MS = 1000;

/** Batches of the change feed (200 changes each) one round fans out at most. */
const FAN_OUT_BATCHES = 4;

/** How long a claim stands: well beyond one attempt's 3 s, short enough that a dead worker's rows return soon. */
const LEASE_MS = 30_000;

export class DeliveryWorker {
  readonly id = randomUUID();
  private readonly recorder: AttemptRecorder;
  private readonly outbox: Outbox;
  private readonly retrySchedule: readonly number[];
  private readonly pollMs: number;
  private readonly concurrency: number;
  /** Sends under way: `concurrency` bounds them. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Attempts sent and not yet recorded: they wait for the next round's commit (or a flush), not for a send slot. */
  private readonly recording = new Set<Promise<void>>();
  private readonly loop: PollingLoop;
  private stopped = false;
  private readonly appTickets: WorkerOptions['appTickets'];
  private ticketsCheckedAt = Number.NEGATIVE_INFINITY;
  private urlsCheckedAt = Number.NEGATIVE_INFINITY;
  private nudgedSinceUrlCheck = false;
  private readonly faults: DeliveryFaults | undefined;
  private readonly onSent: WorkerOptions['onSent'];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly transports: Transports,
    private readonly log: DeliveryLog,
    options: WorkerOptions = {},
  ) {
    this.outbox = new Outbox(store, clock, { mergeWindowMs: options.mergeWindowMs });
    this.retrySchedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.pollMs = options.pollMs ?? 25;
    this.concurrency = options.concurrency ?? 64;
    this.appTickets = options.appTickets;
    this.faults = options.faults;
    this.onSent = options.onSent;
    this.recorder = new AttemptRecorder(store.deliveries, this.id);
    this.loop = new PollingLoop(() => this.tick(), (error) => this.log.error({ err: String(error) }, 'delivery round failed'), this.pollMs);
  }

  start(): void {
    this.stopped = false;
    this.loop.start();
  }

  /** Stops taking work and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    await this.settled();
  }

  /**
   * One round: fan out, challenge new URLs, record the attempts sent since the
   * last round and take what is due (one transaction), start it. Tests call it
   * to run the worker without waiting.
   */
  async tick(): Promise<void> {
    await this.fanOut();
    await this.checkUrls();
    await this.pushTickets();
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopped) return this.recorder.flush();
    const now = this.clock.now();
    const connectedApps = [...(this.transports.longConnection?.connectedApps() ?? [])];
    const batch = this.recorder.take();
    let claimed: Delivery[];
    try {
      claimed = await this.store.deliveries.recordAndClaim(this.id, batch.records, { now, leaseUntil: now + LEASE_MS, limit: free, connectedApps });
    } catch (error) {
      batch.settle(error);
      throw error;
    }
    batch.settle();
    // One read of each app's configuration per round, not one per delivery.
    const configs = new Map<string, Promise<AppEventConfig | undefined>>();
    const configOf = (appId: string) => {
      let config = configs.get(appId);
      if (!config) configs.set(appId, (config = this.store.appEvents.get(appId)));
      return config;
    };
    for (const delivery of claimed) {
      const attempt = this.attempt(delivery, configOf(delivery.appId)).catch((error: unknown) => {
        this.log.error({ event_id: delivery.eventId, err: String(error) }, 'delivery attempt not recorded');
      }).finally(() => {
        this.inFlight.delete(attempt);
        // Half the slots free: the next round need not wait for the poll.
        if (this.inFlight.size === this.concurrency >> 1 && !this.stopped) this.loop.nudge();
      });
      this.inFlight.add(attempt);
    }
  }

  /**
   * At most FAN_OUT_BATCHES of the change feed per round: under a steady
   * stream of writes the feed is never caught up, and a round that waited for
   * it would send nothing while the outbox grew.
   */
  private async fanOut(): Promise<void> {
    for (let batch = 0; batch < FAN_OUT_BATCHES && !this.stopped; batch++) {
      if ((await this.outbox.drain()) === 0) return;
    }
  }

  /** Fans out every change committed so far (tests: before moving the clock past a merge window). */
  async catchUp(): Promise<void> {
    while ((await this.outbox.drain()) > 0);
  }

  /** Resolves once nothing in flight remains and every attempt sent is recorded (tests, stop). */
  async settled(): Promise<void> {
    while (this.inFlight.size + this.recording.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await this.recorder.flush();
      await Promise.allSettled([...this.recording]);
    }
  }

  /**
   * Runs a round now rather than at the next poll: after the clock moved, what
   * became due goes at once (issue #12 §2). A round already running is not
   * doubled; the next one follows it directly.
   */
  nudge(): void {
    if (this.stopped) return;
    this.nudgedSinceUrlCheck = true;
    this.loop.nudge();
  }

  /** Sends, then hands the attempt to the recorder: its slot is free once the send is done. */
  private async attempt(delivery: Delivery, config: Promise<AppEventConfig | undefined>): Promise<void> {
    const number = delivery.attempts + 1;
    const attempt = await this.sendOnce(delivery, number, await config);
    const next = attempt.ok ? { status: 'delivered' as const, dueAt: delivery.dueAt } : afterFailure(number, this.clock.now(), this.retrySchedule);
    const recorded = this.recorder.record({ attempt, next }).then(() => this.logAttempt(delivery, attempt, next), (error: unknown) => {
      // Still leased to this worker: once the lease runs out the delivery is tried again.
      this.log.error({ event_id: delivery.eventId, err: String(error) }, 'delivery attempt not recorded');
    }).finally(() => this.recording.delete(recorded));
    this.recording.add(recorded);
  }

  private logAttempt(delivery: Delivery, attempt: DeliveryAttempt, next: { status: string }): void {
    const number = attempt.attempt;
    this.log.info({
      event_id: delivery.eventId, app_id: delivery.appId, event_type: delivery.eventType, attempt: number,
      transport: attempt.transport, ok: attempt.ok, code: attempt.code, latency_ms: Math.round(attempt.latencyMs),
      error: attempt.error, status: next.status,
    }, 'delivery attempt');
  }

  /**
   * Sends a delivery again now, out of band (the admin API's redeliver): the
   * app receives the same event_id once more, as after one of Feishu's retries
   * (§8.8). The outbox's state and attempts stay as they were.
   */
  async redeliver(eventId: string): Promise<{ delivery: Delivery; attempt: DeliveryAttempt } | undefined> {
    const delivery = await this.store.deliveries.get(eventId);
    if (!delivery) return undefined;
    const attempt = await this.sendOnce(delivery, 0, await this.store.appEvents.get(delivery.appId));
    this.log.info({ event_id: eventId, app_id: delivery.appId, ok: attempt.ok, code: attempt.code, error: attempt.error }, 'delivery resent');
    return { delivery, attempt };
  }

  /** One send, through the sandbox's faults when it has them, reported once made. */
  private async sendOnce(delivery: Delivery, number: number, config: AppEventConfig | undefined): Promise<DeliveryAttempt> {
    const at = this.clock.now();
    const fault = this.faults?.forDelivery(delivery.appId);
    if (fault && fault.delayMs > 0) await sleep(fault.delayMs);
    let envelope: object | undefined;
    let outcome: AttemptOutcome = { ok: false, code: null, latencyMs: 0, error: 'the app has no event configuration' };
    if (config) {
      envelope = envelopeOf(delivery, config);
      outcome = fault?.drop ? { ok: false, code: null, latencyMs: 0, error: 'dropped by fault' } : await this.send(delivery, config, envelope);
    }
    const attempt: DeliveryAttempt = { eventId: delivery.eventId, attempt: number, at, transport: config?.delivery ?? 'webhook', ...outcome };
    try {
      this.onSent?.({ delivery, attempt, envelope, requestUrl: config?.delivery === 'webhook' ? config.requestUrl : null, fault: fault?.id ?? null });
    } catch (error) {
      // The push went out: a failing observer must not keep it from being recorded (and sent again).
      this.log.error({ event_id: delivery.eventId, err: String(error) }, 'delivery observer failed');
    }
    return attempt;
  }

  private send(delivery: Delivery, config: AppEventConfig, envelope: object): Promise<AttemptOutcome> {
    if (config.delivery === 'webhook') return this.transports.webhook(config, envelope);
    const longConnection = this.transports.longConnection;
    if (!longConnection) return Promise.resolve({ ok: false, code: null, latencyMs: 0, error: 'the long connection is not served' });
    return longConnection.deliver(delivery.appId, JSON.stringify(envelope));
  }

  private async pushTickets(): Promise<void> {
    if (!this.appTickets || this.clock.now() - this.ticketsCheckedAt < TICKET_CHECK_MS) return;
    this.ticketsCheckedAt = this.clock.now();
    await this.appTickets.pushDue();
  }

  private async checkUrls(): Promise<void> {
    if (Date.now() - this.urlsCheckedAt < URL_CHECK_MS && !this.nudgedSinceUrlCheck) return;
    this.urlsCheckedAt = Date.now();
    this.nudgedSinceUrlCheck = false;
    for (const config of await this.store.appEvents.listPendingUrlChecks(10)) {
      if (this.stopped) return;
      if (!config.requestUrl) continue;
      const answered = await this.transports.challenge(config).catch(() => false);
      await this.store.appEvents.recordUrlCheck(config.appId, config.requestUrl, answered);
      if (!answered) this.log.warn({ app_id: config.appId, request_url: withoutQuery(config.requestUrl) }, 'the request URL did not answer the URL-verification challenge; events are delivered anyway');
    }
  }
}

/** A URL for the log: its query may carry a receiver's key. */
function withoutQuery(url: string): string {
  return URL.canParse(url) ? `${new URL(url).origin}${new URL(url).pathname}` : '(unparsable URL)';
}
