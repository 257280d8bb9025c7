/**
 * Exchange binding use cases (calendars.md §8.2): create, get and delete, for
 * the tenant's super administrator only (195101). A new binding starts `doing`;
 * the sync (sync.ts) takes it through its states in the background.
 *
 * Decisions (unconfirmed in the spec, §9.11):
 * - All three body fields are required: a missing one is 190002 naming it.
 * - An Exchange account bound to another user (or through another admin
 *   account) is 190002 "already bound"; binding the same triple again answers
 *   the existing binding unchanged.
 * - A user of another tenant is 195104; an unknown user 195100 (common).
 */
import { DomainError, invalid } from '../errors.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import type { Identity, User, UserIdType } from '../tenancy/model.js';
import { bindingIdOf, isBindingId } from './binding-id.js';
import { accountKey } from './fixture.js';
import type { ExchangeBinding } from './model.js';
import { unbind } from './unbind.js';

export interface BindingInput {
  adminAccount?: string;
  exchangeAccount?: string;
  userId?: string;
  userIdType: UserIdType;
}

/** How far apart, by the clock, the sync's steps fall: `doing` lasts this long after create. */
export const DEFAULT_STEP_MS = 1000;

const MAX_ACCOUNT = 500;

type Touched = 'exchange' | 'tenancy' | 'calendars' | 'changes';

export class ExchangeBindings {
  constructor(
    private readonly store: UnitOfWork<Touched>,
    private readonly clock: Clock,
    private readonly stepMs: number = DEFAULT_STEP_MS,
  ) {}

  async create(identity: Identity, input: BindingInput): Promise<ExchangeBinding> {
    await this.requireSuperAdmin(identity);
    const adminAccount = accountKey(required(input.adminAccount, 'admin_account'));
    const exchangeAccount = accountKey(required(input.exchangeAccount, 'exchange_account'));
    const userId = required(input.userId, 'user_id');
    return this.store.transaction(async (repos) => {
      if (!(await repos.exchange.isAdminAccount(identity.tenantKey, adminAccount))) throw new DomainError('not_found:exchange_admin');
      const user = await this.userOf(repos, identity, userId, input.userIdType);
      if (!(await repos.exchange.sourceOf(identity.tenantKey, exchangeAccount))) throw new DomainError('forbidden:exchange_mailbox');
      const bindingId = bindingIdOf(identity.tenantKey, adminAccount, exchangeAccount, user.ref);
      const existing = await repos.exchange.bindingOfAccount(identity.tenantKey, exchangeAccount);
      if (existing?.bindingId === bindingId) return existing;
      if (existing) throw invalid('exchange_account', 'is already bound; unbind it before binding it again', exchangeAccount);
      const now = this.clock.now();
      const binding: ExchangeBinding = {
        bindingId, tenantKey: identity.tenantKey, adminAccount, exchangeAccount, userRef: user.ref,
        status: 'doing', calendarId: null, dueAt: now + this.stepMs, createdAt: now, error: '',
      };
      await repos.exchange.putBinding(binding);
      return binding;
    });
  }

  async get(identity: Identity, bindingId: string): Promise<ExchangeBinding> {
    await this.requireSuperAdmin(identity);
    return this.find(this.store, identity, bindingId);
  }

  /** Unbinds: the synced calendar leaves the user's list and free/busy (unbind.ts). */
  async delete(identity: Identity, bindingId: string): Promise<void> {
    await this.requireSuperAdmin(identity);
    await this.store.transaction(async (repos) => {
      const binding = await this.find(repos, identity, bindingId);
      await unbind(repos, binding, this.clock.now());
    });
  }

  private async find(repos: Needs<Touched>, identity: Identity, bindingId: string): Promise<ExchangeBinding> {
    if (!isBindingId(bindingId)) throw new DomainError('invalid:exchange_binding_id');
    const binding = await repos.exchange.getBinding(bindingId);
    if (!binding || binding.tenantKey !== identity.tenantKey) throw new DomainError('not_found:exchange_binding');
    return binding;
  }

  private async requireSuperAdmin(identity: Identity): Promise<void> {
    const isAdmin = identity.kind === 'user' && (await this.store.exchange.isSuperAdmin(identity.tenantKey, identity.userRef));
    if (!isAdmin) throw new DomainError('forbidden:super_admin');
  }

  /** The user `id` names: 195104 when it is another tenant's, 195100 when nobody's. */
  private async userOf(repos: Needs<Touched>, identity: Identity, id: string, type: UserIdType): Promise<User> {
    const tenancy = repos.tenancy;
    const user =
      type === 'open_id' ? await tenancy.findUserByOpenId(identity.appId, id)
      : type === 'union_id' ? await tenancy.findUserByUnionId(id)
      : await tenancy.findUserByUserId(identity.tenantKey, id);
    if (!user) throw new DomainError('not_found:user', [{ field: 'user_id', description: 'no such user in the tenant', value: id }]);
    if (user.tenantKey !== identity.tenantKey) throw new DomainError('forbidden:exchange_tenant');
    return user;
  }
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value.trim() === '') throw invalid(field, `${field} is required`);
  if (value.length > MAX_ACCOUNT) throw invalid(field, `${field} must be at most ${MAX_ACCOUNT} characters`, value);
  return value;
}
