/**
 * The sandbox's state (issue #12 §3): reset to the seed, named snapshots, and
 * tenants made and removed while the server runs, so each test file can have
 * a tenant of its own instead of a server of its own.
 */
import { DomainError, invalid } from '../errors.js';
import { openIdFor } from '../ids.js';
import type { Clock, Store } from '../ports.js';
import { validateFixture } from '../tenancy/fixture.js';
import type { ScryptCost } from '../tenancy/secrets.js';
import { loadFixture } from '../tenancy/seed.js';
import type { SnapshotInfo, StateRepository } from './ports.js';
import { tokensRevoked } from './revocations.js';

/** The snapshot `reset` restores: taken by launch() right after the seed; outside SNAPSHOT_NAME, so no client can name it. */
export const SEED_SNAPSHOT = '@seed';
export const SNAPSHOT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface CreatedTenant {
  tenant_key: string;
  name: string;
  /** The secrets, generated ones included: shown this once, only their hashes are kept. */
  apps: Array<{ app_id: string; app_secret: string; name: string }>;
  /** Each user's open_id as each of the tenant's apps sees it. */
  users: Array<{ user_id: string; union_id: string; name: string; open_ids: Record<string, string> }>;
}

export class SandboxState {
  constructor(
    private readonly repository: StateRepository,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly hashCost?: ScryptCost,
  ) {}

  /** Remembers the state as it is now as the seed (replacing an earlier one). */
  async markSeed(): Promise<void> {
    await this.repository.drop(SEED_SNAPSHOT);
    await this.repository.snapshot(SEED_SNAPSHOT, this.clock.now());
  }

  async reset(): Promise<void> {
    if (!(await this.restoreAny(SEED_SNAPSHOT))) throw new Error('the seed snapshot is missing: markSeed() was not called');
  }

  /** False when the name is taken. */
  snapshot(name: string): Promise<boolean> {
    return this.repository.snapshot(checkName(name), this.clock.now());
  }

  /** False (and nothing changed) for an unknown name. */
  restore(name: string): Promise<boolean> {
    return this.restoreAny(checkName(name));
  }

  async list(): Promise<SnapshotInfo[]> {
    return (await this.repository.list()).filter((s) => s.name !== SEED_SNAPSHOT);
  }

  drop(name: string): Promise<boolean> {
    return this.repository.drop(checkName(name));
  }

  /**
   * Loads one fixture tenant, all or nothing, through the seed's own validation
   * and loader; undefined when its tenant key is present already. A bad field
   * is named as in the body (`users[1].email`), not in a fixture file.
   */
  async createTenant(body: unknown): Promise<CreatedTenant | undefined> {
    const fixture = relativeFields(() => validateFixture({ tenants: [body] }));
    const result = await relativeFields(() => loadFixture(this.store, fixture, this.clock, this.hashCost ? { hashCost: this.hashCost } : {}));
    const seeded = result.loaded[0];
    if (!seeded) return undefined;
    const users = await this.store.tenancy.listUsers(seeded.tenantKey);
    return {
      tenant_key: seeded.tenantKey,
      name: seeded.name,
      apps: seeded.apps.map((a) => ({ app_id: a.appId, app_secret: a.appSecret, name: a.name })),
      users: seeded.users.map(({ userId }) => {
        const user = users.find((u) => u.userId === userId)!;
        const openIds = Object.fromEntries(seeded.apps.map((a) => [a.appId, openIdFor(a.appId, user.ref)]));
        return { user_id: userId, union_id: user.unionId, name: user.name, open_ids: openIds };
      }),
    };
  }

  /** False for an unknown tenant. Its tokens fail from the next request on. */
  async deleteTenant(tenantKey: string): Promise<boolean> {
    const deleted = await this.repository.deleteTenant(tenantKey);
    if (deleted) tokensRevoked(this.store);
    return deleted;
  }

  private async restoreAny(name: string): Promise<boolean> {
    const restored = await this.repository.restore(name);
    if (restored) tokensRevoked(this.store);
    return restored;
  }
}

function checkName(name: string): string {
  if (!SNAPSHOT_NAME.test(name)) throw invalid('name', `must match ${SNAPSHOT_NAME}`, name);
  return name;
}

/** `tenants[0].users[1].email` → `users[1].email`; `tenants[0]` → `$`. */
function relativeFields<T>(work: () => T): T {
  const rewrite = (error: unknown): never => {
    if (!(error instanceof DomainError) || error.key !== 'invalid') throw error;
    const field = (f: string) => (f === 'tenants[0]' ? '$' : f.replace(/^tenants\[0\]\./, ''));
    throw new DomainError('invalid', error.violations.map((v) => ({ ...v, field: field(v.field) })));
  };
  try {
    const result = work();
    return (result instanceof Promise ? result.catch(rewrite) : result) as T;
  } catch (error) {
    return rewrite(error);
  }
}
