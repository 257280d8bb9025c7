/**
 * Store apps get their app_ticket pushed like an event (platform.md §3.4,
 * §8.4): after `app_ticket/resend`, and again once the last one is an hour
 * old, as Feishu pushes one hourly. The SDK's ISV client cannot get a token
 * without it.
 */
import { randomHex } from '../ids.js';
import type { Clock, StoredApp, UnitOfWork } from '../ports.js';
import type { TokenService } from '../tenancy/tokens.js';
import { APP_TICKET_TYPE } from './model.js';

export const APP_TICKET_PUSH_INTERVAL_MS = 3_600_000;

export class AppTickets {
  constructor(
    private readonly store: UnitOfWork<'appEvents' | 'deliveries' | 'tokens' | 'tenancy'>,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  /** Mints a fresh ticket and, when the app receives events, queues its push. */
  async resend(app: StoredApp): Promise<void> {
    const ticket = await this.tokens.appTicket(app);
    if (!(await this.store.appEvents.get(app.appId))) return;
    const now = this.clock.now();
    await this.store.deliveries.insert({
      eventId: randomHex(16), appId: app.appId, tenantKey: app.tenantKey, eventType: APP_TICKET_TYPE,
      event: { app_id: app.appId, app_ticket: ticket.value, type: APP_TICKET_TYPE },
      mergeKey: null, changeType: null, status: 'pending', attempts: 0, createdAt: now, dueAt: now,
    });
  }

  /** Pushes a new ticket to every store app receiving events whose newest one is an hour old, or that has none. */
  async pushDue(): Promise<number> {
    let pushed = 0;
    for (const config of await this.store.appEvents.list()) {
      const app = await this.store.tenancy.getApp(config.appId);
      if (!app || app.kind !== 'store') continue;
      const newest = await this.store.tokens.newest(app.appId, app.tenantKey, 'app_ticket');
      if (newest && this.clock.now() - newest.issuedAt < APP_TICKET_PUSH_INTERVAL_MS) continue;
      await this.resend(app);
      pushed++;
    }
    return pushed;
  }
}
