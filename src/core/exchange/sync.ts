/**
 * The background sync of Exchange bindings (calendars.md §8.1, issue #11 §3).
 * A binding moves through its states by the clock, one step per due time:
 *
 *   doing ──▶ cal_done ──▶ timespan_done ──▶ done ──▶ done … (every refresh)
 *     the calendar   events of the      every event,
 *     is created     coming 90 days     then re-synced
 *
 * A source that cannot be read or parsed puts the binding in `err` (the
 * reason logged and kept); it is tried again each refresh, and the first
 * read that works finishes the sync (`done`).
 *
 * The mailbox is read outside any transaction (it may be a network call);
 * each step then writes in one transaction of its own, which first checks
 * that the binding is still as it was read, so an unbind (or another
 * process) in between wins.
 */
import { DEFAULT_CALENDAR_COLOR, type Calendar } from '../calendars/model.js';
import { aclIdFor, CALENDAR_HOST } from '../calendars/provision.js';
import { randomIds, type IdSource } from '../ids.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import { DEFAULT_STEP_MS } from './binding-service.js';
import { instantOf } from '../events/time.js';
import type { ExchangeBinding, MailboxCalendar, MailboxEvent } from './model.js';
import { MailboxUnreadable, type MailboxReader } from './ports.js';
import { reconcile, type ReconcileResult } from './reconcile.js';

/** `timespan_done`: events of this span from now on are in (calendars.md §8.1 "recent time span"). */
export const TIMESPAN_MS = 90 * 86_400_000;
/** `--third-party-refresh`'s default. */
export const DEFAULT_REFRESH_MS = 15 * 60_000;

export interface SyncLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SyncOptions {
  refreshMs?: number;
  stepMs?: number;
  ids?: IdSource;
}

type Touched = 'exchange' | 'calendars' | 'acls' | 'changes' | 'events' | 'tenancy';
type Repos = Needs<Touched>;

export class ExchangeSync {
  private readonly refreshMs: number;
  private readonly stepMs: number;
  private readonly ids: IdSource;

  constructor(
    private readonly store: UnitOfWork<Touched>,
    private readonly clock: Clock,
    private readonly reader: MailboxReader,
    private readonly log: SyncLog,
    options: SyncOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.stepMs = options.stepMs ?? DEFAULT_STEP_MS;
    this.ids = options.ids ?? randomIds;
  }

  /** Runs every step due by the clock, one binding at a time; returns how many steps ran. */
  async runDue(): Promise<number> {
    const seen = new Set<string>();
    let steps = 0;
    for (;;) {
      const binding = await this.store.exchange.nextDue(this.clock.now());
      // A binding due again within one round (a zero step) waits for the next round.
      if (!binding || seen.has(`${binding.bindingId}:${binding.status}:${binding.dueAt}`)) return steps;
      seen.add(`${binding.bindingId}:${binding.status}:${binding.dueAt}`);
      await this.step(binding);
      steps++;
    }
  }

  /** One step of one binding: read its mailbox, then write what the step writes. */
  async step(binding: ExchangeBinding): Promise<void> {
    const mailbox = await this.read(binding);
    await this.store.transaction(async (repos) => {
      const current = await repos.exchange.getBinding(binding.bindingId);
      if (!current || current.status !== binding.status || current.dueAt !== binding.dueAt) return;
      const now = this.clock.now();
      if (mailbox instanceof MailboxUnreadable) {
        await repos.exchange.putBinding({ ...current, status: 'err', error: mailbox.message, dueAt: now + this.refreshMs });
        return;
      }
      await repos.exchange.putBinding(await this.advance(repos, current, mailbox, now));
    });
  }

  private async read(binding: ExchangeBinding): Promise<MailboxCalendar | MailboxUnreadable> {
    const source = await this.store.exchange.sourceOf(binding.tenantKey, binding.exchangeAccount);
    if (!source) return new MailboxUnreadable(`the fixture names no source for ${binding.exchangeAccount}`);
    try {
      return await this.reader.read(source);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log.warn({ binding: binding.bindingId, account: binding.exchangeAccount, reason }, 'exchange mailbox could not be read');
      return error instanceof MailboxUnreadable ? error : new MailboxUnreadable(reason);
    }
  }

  /** The binding after its next step. */
  private async advance(repos: Repos, binding: ExchangeBinding, mailbox: MailboxCalendar, now: number): Promise<ExchangeBinding> {
    const next = { ...binding, error: '' };
    if (!binding.calendarId) {
      const calendar = await this.createCalendar(repos, binding, mailbox, now);
      // From `err` before any calendar existed, the first good read starts over at cal_done.
      return { ...next, calendarId: calendar.calendarId, status: 'cal_done', dueAt: now + this.stepMs };
    }
    const calendar = await repos.calendars.get(binding.calendarId);
    if (!calendar || calendar.deleted) return { ...next, status: 'err', error: 'the synced calendar is gone', dueAt: now + this.refreshMs };
    if (binding.status === 'cal_done') {
      const soon = new Set(mailbox.events.filter((e) => overlaps(e, now, now + TIMESPAN_MS)).map((e) => e.uid));
      this.report(binding, 'timespan', await reconcile(repos, calendar, mailbox.events, { uids: soon, deleteMissing: false }, now, this.ids));
      return { ...next, status: 'timespan_done', dueAt: now + this.stepMs };
    }
    this.report(binding, 'full', await reconcile(repos, calendar, mailbox.events, { deleteMissing: true }, now, this.ids));
    return { ...next, status: 'done', dueAt: now + this.refreshMs };
  }

  /** The third-party calendar: type exchange, read-only, in the user's list with role reader. */
  private async createCalendar(repos: Repos, binding: ExchangeBinding, mailbox: MailboxCalendar, at: number): Promise<Calendar> {
    const tenant = await repos.tenancy.getTenant(binding.tenantKey);
    const user = await repos.tenancy.getUser(binding.userRef);
    const calendarId = this.ids.calendarId(tenant?.domain ?? 'larkcal', CALENDAR_HOST);
    const member = `user:${binding.userRef}` as const;
    const base = { tenantKey: binding.tenantKey, calendarId, actor: null, affected: [member], at };
    const seq = await repos.changes.append({ ...base, data: { kind: 'calendar.created', calendarType: 'exchange', roomId: null } });
    const calendar: Calendar = {
      calendarId, tenantKey: binding.tenantKey, type: 'exchange', summary: (mailbox.name ?? binding.exchangeAccount).slice(0, 255),
      description: '', permissions: 'private', owner: member, isThirdParty: true, deleted: false, version: seq,
    };
    await repos.calendars.insert(calendar);
    const added = await repos.changes.append({ ...base, data: { kind: 'membership.added', member } });
    await repos.calendars.putMembership({ calendarId, identity: member, subscribed: true, color: DEFAULT_CALENDAR_COLOR, summaryAlias: '', version: added });
    await repos.acls.put({ calendarId, aclId: aclIdFor(user?.number ?? binding.userRef), identity: member, role: 'reader' });
    return calendar;
  }

  private report(binding: ExchangeBinding, step: string, result: ReconcileResult): void {
    const { created, updated, deleted, skipped } = result;
    this.log.info({ binding: binding.bindingId, step, created, updated, deleted, skipped: skipped.length }, 'exchange mailbox synced');
    for (const s of skipped) this.log.warn({ binding: binding.bindingId, uid: s.uid, reason: s.reason }, 'exchange event skipped');
  }
}

/** Whether an event (a series by its whole span) meets [from, to) in ms. */
function overlaps(event: MailboxEvent, from: number, to: number): boolean {
  if (event.recurrence) return true;
  return instantOf(event.start) * 1000 < to && instantOf(event.end) * 1000 > from;
}
