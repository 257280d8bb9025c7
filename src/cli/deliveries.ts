import { DELIVERY_STATUSES, type Delivery, type DeliveryAttempt, type DeliveryStatus } from '../core/delivery/model.js';
import type { DeliveryFilter, DeliveryRepository } from '../core/delivery/ports.js';
import { ConfigError } from '../config/load.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';
import { attemptLine, deliveryLine } from './delivery-lines.js';
import { untilSignal } from './until-signal.js';

/** The flags of `larkcal deliveries`, for parseArgs. */
export const DELIVERIES_FLAGS = {
  app: { type: 'string' },
  status: { type: 'string' },
  follow: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

export interface DeliveriesOptions {
  appId?: string;
  status?: DeliveryStatus;
  /** Only the most recent `limit` of the listing (following prints everything new). */
  limit?: number;
  follow: boolean;
}

/** How often `--follow` looks again. */
const POLL_MS = 500;
const PAGE = 500;

export function deliveriesOptionsOf(flags: Record<string, string | boolean | undefined>): DeliveriesOptions {
  const options: DeliveriesOptions = { follow: flags.follow === true };
  if (typeof flags.app === 'string') options.appId = flags.app;
  if (typeof flags.status === 'string') {
    if (!(DELIVERY_STATUSES as readonly string[]).includes(flags.status)) throw new ConfigError(`--status: must be one of ${DELIVERY_STATUSES.join(', ')} (got ${flags.status})`);
    options.status = flags.status as DeliveryStatus;
  }
  if (typeof flags.limit === 'string') {
    if (!/^[1-9][0-9]{0,8}$/.test(flags.limit)) throw new ConfigError(`--limit: must be a positive integer (got ${flags.limit})`);
    options.limit = Number(flags.limit);
  }
  return options;
}

/**
 * `larkcal deliveries`: the outbox, oldest first, each delivery with its attempts;
 * with `--follow`, then new deliveries and changes of state until SIGINT/SIGTERM.
 */
export async function deliveriesCommand(db: DatabaseUrl, options: DeliveriesOptions): Promise<void> {
  const store = await openExisting(db, { quiet: true });
  try {
    if (options.appId && !(await store.tenancy.getApp(options.appId))) throw new Error(`no app ${options.appId} in this database`);
    const outbox = new OutboxView(store.deliveries, options);
    const printed = await outbox.list();
    if (!options.follow) {
      if (printed === 0) console.error('no deliveries');
      return;
    }
    console.error('following; SIGINT (Ctrl-C) stops');
    await untilSignal(() => outbox.poll(), POLL_MS);
  } finally {
    await store.close();
  }
}

/** What has been printed and what may still change: deliveries not yet delivered or exhausted. */
class OutboxView {
  private cursor: DeliveryFilter['after'];
  private readonly watched = new Map<string, Delivery>();

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly options: DeliveriesOptions,
  ) {}

  /** Prints the listing; returns how many deliveries it printed. */
  async list(): Promise<number> {
    const shown: Delivery[] = [];
    // Following watches every unfinished delivery, so it reads them all and filters here.
    for await (const d of this.scan(this.options.follow ? undefined : this.options.status)) {
      if (!this.matches(d)) continue;
      shown.push(d);
      if (this.options.limit !== undefined && shown.length > this.options.limit) shown.shift();
    }
    await this.print(shown.map((d) => ({ delivery: d, since: 0 })));
    return shown.length;
  }

  /** Prints what changed since the last look: the watched deliveries' new states, then new deliveries. */
  async poll(): Promise<void> {
    const changed: { delivery: Delivery; since: number }[] = [];
    for (const [eventId, before] of [...this.watched]) {
      const now = await this.deliveries.get(eventId);
      if (!now) {
        // A create and a delete within the merge window cancel out (§10.3): the row is dropped.
        this.watched.delete(eventId);
        if (this.matches(before)) console.log(`${new Date(before.createdAt).toISOString()} ${eventId} ${before.appId} ${before.eventType} discarded (merged away before its first attempt)`);
        continue;
      }
      if (now.status === before.status && now.attempts === before.attempts && now.changeType === before.changeType) continue;
      if (isFinal(now)) this.watched.delete(eventId);
      else this.watched.set(eventId, now);
      if (this.matches(now)) changed.push({ delivery: now, since: before.attempts });
    }
    for await (const d of this.scan(undefined)) if (this.matches(d)) changed.push({ delivery: d, since: 0 });
    await this.print(changed);
  }

  /** Deliveries after the cursor, in creation order, moving the cursor and watching the unfinished ones. */
  private async *scan(status: DeliveryStatus | undefined): AsyncGenerator<Delivery> {
    for (;;) {
      const filter: DeliveryFilter = { limit: PAGE };
      if (this.options.appId) filter.appId = this.options.appId;
      if (status) filter.status = status;
      if (this.cursor) filter.after = this.cursor;
      const page = await this.deliveries.list(filter);
      for (const d of page) {
        this.cursor = { createdAt: d.createdAt, eventId: d.eventId };
        if (this.options.follow && !isFinal(d)) this.watched.set(d.eventId, d);
        yield d;
      }
      if (page.length < PAGE) return;
    }
  }

  private matches(d: Delivery): boolean {
    return this.options.status === undefined || d.status === this.options.status;
  }

  /** Each delivery's line, then its attempts after the `since`-th. */
  private async print(items: readonly { delivery: Delivery; since: number }[]): Promise<void> {
    const attempts = await this.attemptsOf(items.map((i) => i.delivery.eventId));
    for (const { delivery, since } of items) {
      console.log(deliveryLine(delivery));
      for (const a of attempts.get(delivery.eventId) ?? []) if (a.attempt > since) console.log(attemptLine(a));
    }
  }

  private async attemptsOf(eventIds: readonly string[]): Promise<Map<string, DeliveryAttempt[]>> {
    const byDelivery = new Map<string, DeliveryAttempt[]>();
    for (let i = 0; i < eventIds.length; i += PAGE) {
      for (const a of await this.deliveries.attemptsOf(eventIds.slice(i, i + PAGE))) {
        const list = byDelivery.get(a.eventId);
        if (list) list.push(a);
        else byDelivery.set(a.eventId, [a]);
      }
    }
    return byDelivery;
  }
}

const isFinal = (d: Delivery): boolean => d.status === 'delivered' || d.status === 'exhausted';
