/** Calendar use cases (calendars.md §3). Each one begins with the access check. */
import { DomainError, invalid } from '../errors.js';
import { randomIds, type IdSource } from '../ids.js';
import type { Change, ChangeData } from '../changes/model.js';
import type { Clock, UnitOfWork } from '../ports.js';
import { numberOf } from '../tenancy/numbers.js';
import { identityKey, type Identity, type IdentityKey } from '../tenancy/model.js';
import { authorize, decide, effectiveRole, loadAccessFacts } from './access.js';
import { DEFAULT_CALENDAR_COLOR, type Calendar, type CalendarPermissions, type CalendarView } from './model.js';
import { aclIdFor, CALENDAR_HOST } from './provision.js';
import { viewOf } from './views.js';

export interface CalendarInput {
  summary?: string;
  description?: string;
  permissions?: CalendarPermissions;
  color?: number;
  summaryAlias?: string;
}

/** One identity subscribes at most this many calendars (calendars.md §2.5). */
export const SUBSCRIPTION_LIMIT = 1000;

export class CalendarService {
  constructor(
    private readonly store: UnitOfWork<'calendars' | 'acls' | 'changes' | 'tenancy'>,
    private readonly clock: Clock,
    private readonly ids: IdSource = randomIds,
  ) {}

  /** A change the caller makes to the calendar; `affected`: who it touches personally. */
  private change(identity: Identity, calendarId: string, data: ChangeData, affected: IdentityKey[] = []): Change {
    return { tenantKey: identity.tenantKey, calendarId, actor: identityKey(identity), affected, at: this.clock.now(), data };
  }

  /** The caller's own primary calendar. */
  async primary(identity: Identity): Promise<CalendarView> {
    const calendar = await this.store.calendars.primaryOf(identityKey(identity));
    if (!calendar) throw new DomainError('not_found:calendar');
    const facts = await authorize(this.store, identity, calendar.calendarId, 'read');
    return viewOf(calendar, facts.membership, facts.role);
  }

  /** Primary calendars of other identities, as the caller sees them. */
  async primaryOf(identity: Identity, owner: IdentityKey): Promise<CalendarView> {
    const calendar = await this.store.calendars.primaryOf(owner);
    if (!calendar) throw new DomainError('not_found:calendar');
    const facts = await loadAccessFacts(this.store, identity, calendar.calendarId);
    return viewOf(calendar, facts.membership, facts.role);
  }

  async create(identity: Identity, input: CalendarInput): Promise<CalendarView> {
    const owner = identityKey(identity);
    return this.store.transaction(async (repos) => {
      if ((await repos.calendars.countSubscribed(owner)) >= SUBSCRIPTION_LIMIT) throw new DomainError('limit:subscriptions');
      const tenant = await repos.tenancy.getTenant(identity.tenantKey);
      const calendarId = this.ids.calendarId(tenant?.domain ?? 'larkcal', CALENDAR_HOST);
      const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'calendar.created', calendarType: 'shared', roomId: null }, [owner]));
      const calendar: Calendar = {
        calendarId, tenantKey: identity.tenantKey, type: 'shared', summary: input.summary ?? '', description: input.description ?? '',
        permissions: input.permissions ?? 'show_only_free_busy', owner, isThirdParty: false, deleted: false, version: seq,
      };
      await repos.calendars.insert(calendar);
      const membership = {
        calendarId, identity: owner, subscribed: true, color: input.color ?? DEFAULT_CALENDAR_COLOR,
        summaryAlias: input.summaryAlias ?? '', version: seq,
      };
      await repos.calendars.putMembership(membership, { fresh: true });
      await repos.acls.put({ calendarId, aclId: aclIdFor(await numberOf(repos, identity)), identity: owner, role: 'owner' }, { fresh: true });
      return viewOf(calendar, membership, 'owner');
    }, { tenantKey: identity.tenantKey });
  }

  async get(identity: Identity, calendarId: string): Promise<CalendarView> {
    const facts = await authorize(this.store, identity, calendarId, 'read');
    return viewOf(facts.calendar, facts.membership, facts.role);
  }

  /** mget: 1–10 ids (198007); one bad id fails the whole call, as the error table suggests. */
  async mget(identity: Identity, calendarIds: readonly string[]): Promise<CalendarView[]> {
    if (calendarIds.length === 0 || calendarIds.length > 10) throw new DomainError('limit:calendar_ids');
    const views: CalendarView[] = [];
    for (const calendarId of calendarIds) views.push(await this.get(identity, calendarId));
    return views;
  }

  async patch(identity: Identity, calendarId: string, input: CalendarInput): Promise<CalendarView> {
    if (input.summary !== undefined && input.summary.length === 0) throw invalid('summary', 'summary must not be empty', '');
    const touchesGlobal = input.summary !== undefined || input.description !== undefined || input.permissions !== undefined;
    const touchesPersonal = input.color !== undefined || input.summaryAlias !== undefined;
    const me = identityKey(identity);
    return this.store.transaction(async (repos) => {
      const facts = await loadAccessFacts(repos, identity, calendarId);
      if (input.summaryAlias !== undefined && facts.calendar.type === 'resource') {
        throw invalid('summary_alias', 'meeting-room calendars take no summary_alias');
      }
      decide(touchesGlobal ? 'update_global' : 'update_personal', facts);
      let calendar = facts.calendar;
      if (touchesGlobal) {
        const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'calendar.updated' }));
        calendar = {
          ...calendar, version: seq, summary: input.summary ?? calendar.summary,
          description: input.description ?? calendar.description, permissions: input.permissions ?? calendar.permissions,
        };
        await repos.calendars.update(calendar);
      }
      let membership = facts.membership;
      if (touchesPersonal) {
        const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'membership.updated', member: me }, [me]));
        membership = {
          calendarId, identity: me, subscribed: membership?.subscribed ?? false, version: seq,
          color: input.color ?? membership?.color ?? DEFAULT_CALENDAR_COLOR, summaryAlias: input.summaryAlias ?? membership?.summaryAlias ?? '',
        };
        await repos.calendars.putMembership(membership);
      }
      const acl = await repos.acls.findFor(calendarId, me);
      return viewOf(calendar, membership, effectiveRole(identity, calendar, acl));
    }, { tenantKey: identity.tenantKey });
  }

  async delete(identity: Identity, calendarId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const facts = await authorize(repos, identity, calendarId, 'delete');
      const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'calendar.deleted' }));
      await repos.calendars.update({ ...facts.calendar, deleted: true, version: seq });
    }, { tenantKey: identity.tenantKey });
  }

  /**
   * Subscribe: shared or primary calendars of the caller's tenant that are not
   * private and not an app's primary (191006); other types 191004; 1000 at most (191005).
   */
  async subscribe(identity: Identity, calendarId: string): Promise<CalendarView> {
    const me = identityKey(identity);
    return this.store.transaction(async (repos) => {
      const facts = await loadAccessFacts(repos, identity, calendarId);
      const { calendar } = facts;
      if (calendar.deleted) throw new DomainError('gone:calendar');
      if (calendar.type !== 'shared' && calendar.type !== 'primary') throw new DomainError('unsupported:calendar_type');
      const appPrimary = calendar.type === 'primary' && calendar.owner.startsWith('app:');
      const notAllowed = calendar.tenantKey !== identity.tenantKey || appPrimary || (calendar.permissions === 'private' && facts.role === 'unknown');
      if (notAllowed) throw new DomainError('forbidden:subscribe');
      if (facts.membership?.subscribed) return viewOf(calendar, facts.membership, facts.role);
      if ((await repos.calendars.countSubscribed(me)) >= SUBSCRIPTION_LIMIT) throw new DomainError('limit:subscriptions');
      const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'membership.added', member: me }, [me]));
      const membership = {
        calendarId, identity: me, subscribed: true, version: seq,
        color: facts.membership?.color ?? DEFAULT_CALENDAR_COLOR, summaryAlias: facts.membership?.summaryAlias ?? '',
      };
      await repos.calendars.putMembership(membership);
      return viewOf(calendar, membership, facts.role);
    }, { tenantKey: identity.tenantKey });
  }

  async unsubscribe(identity: Identity, calendarId: string): Promise<void> {
    const me = identityKey(identity);
    await this.store.transaction(async (repos) => {
      const facts = await loadAccessFacts(repos, identity, calendarId);
      if (facts.calendar.deleted) throw new DomainError('gone:calendar');
      if (facts.calendar.type === 'primary' && facts.calendar.owner === me) throw new DomainError('forbidden:unsubscribe_primary');
      if (!facts.membership?.subscribed) throw new DomainError('conflict:unsubscribed');
      const seq = await repos.changes.append(this.change(identity, calendarId, { kind: 'membership.removed', member: me }, [me]));
      await repos.calendars.putMembership({ ...facts.membership, subscribed: false, version: seq });
    }, { tenantKey: identity.tenantKey });
  }
}
