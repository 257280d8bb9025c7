/**
 * CalDAV device credentials (issue #10 §1, calendars.md §7.1): a user asks
 * through the Open API for a password for one device and types it, with the
 * user name, into a CalDAV client. The CalDAV server checks HTTP Basic
 * credentials here.
 *
 * - One credential per (user, device name): the same name again replaces that
 *   device's password, other devices' keep working.
 * - Passwords are 24 random base62 characters (≈ 143 bits), stored as scrypt
 *   digests (secrets.ts) and never again shown.
 * - The user name is derived from the user, so it is the same on every device
 *   and reveals nothing of the internal key: `u_` and 10 lower-case letters or
 *   digits, the shape third-party clients report for Feishu's (§7.2).
 */
import { DomainError, invalid } from '../errors.js';
import { Lru } from '../lru.js';
import { randomBase62, sha256 } from '../ids.js';
import { tokenGeneration } from '../sandbox/revocations.js';
import type { Clock, UnitOfWork } from '../ports.js';
import type { CaldavCredentialRepository, StoredCaldavCredential } from './caldav-credentials-ports.js';
import type { Identity } from './model.js';
import { hashSecret, SCRYPT_COST, verifySecret, type ScryptCost } from './secrets.js';

/** Feishu's limit on `device_name` (calendars.md §7.1). */
export const DEVICE_NAME_MAX = 100;
export const CALDAV_PASSWORD_LENGTH = 24;

/**
 * What a CalDAV request may do: the user's calendars, read and write, and
 * free/busy, as Feishu's own CalDAV service allows a device.
 */
export const CALDAV_SCOPES: readonly string[] = ['calendar:calendar', 'calendar:calendar.free_busy:read'];

export interface IssuedCaldavCredential {
  password: string;
  user_name: string;
  server_address: string;
  device_name: string;
}

/** What `larkcal caldav list` shows: never the digest. */
export interface CaldavCredentialInfo {
  credentialId: string;
  userName: string;
  deviceName: string;
  appId: string;
  createdAt: number;
}

export interface CaldavCredentialOptions {
  /** What clients type as the server when `issue` is not told; asked on each issue, since port 0 is known only once listening. */
  serverAddress?: () => string;
  /** Hashing cost of new passwords; tests and in-memory databases hash cheaper. */
  hashCost?: ScryptCost;
  /** How long a verified password is trusted before its row is read again (not re-hashed). */
  memoMs?: number;
  /** How many verified (user name, password) pairs are kept. */
  memoEntries?: number;
}

/**
 * A verified password is read again (its row, not its hash) after a second:
 * `larkcal caldav revoke` runs in another process, and a revoked device must
 * stop at once, not after a token's few seconds.
 */
export const CALDAV_MEMO_MS = 1_000;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `u_` + 10 characters of a digest of the user's internal key: stable, typeable, and not the key itself. */
export function caldavUserName(userRef: string): string {
  const digest = Buffer.from(sha256(`caldav-user:${userRef}`), 'hex');
  let name = 'u_';
  for (let i = 0; i < 10; i++) name += ALPHABET[digest[i]! % ALPHABET.length];
  return name;
}

interface Verified {
  credentialId: string;
  passwordHash: string;
  identity: Identity & { kind: 'user' };
  checkedAt: number;
  generation: number;
}

type Repos = 'tenancy' | 'caldavCredentials';

export class CaldavCredentialService {
  /**
   * CalDAV clients send Basic credentials on every request, and scrypt costs
   * tens of milliseconds: a verified pair is kept, keyed by a digest of user
   * name and password (never the password), bounded in size. A revocation or
   * replacement in this process forgets its entries at once; one in another
   * process (`larkcal caldav revoke`, a second server on the same PostgreSQL)
   * is seen when the entry is next re-read (`memoMs`), and a sandbox reset, restore or tenant deletion moves the
   * generation on (sandbox/revocations.ts).
   */
  private readonly verified: Lru<string, Verified>;
  private readonly memoMs: number;

  constructor(
    private readonly store: UnitOfWork<Repos>,
    private readonly clock: Clock,
    private readonly options: CaldavCredentialOptions = {},
  ) {
    this.verified = new Lru(options.memoEntries ?? 1_000);
    this.memoMs = options.memoMs ?? CALDAV_MEMO_MS;
  }

  /** A new password for the user's device; replaces the one that device had. */
  async issue(identity: Identity, deviceName = '', serverAddress = this.options.serverAddress?.() ?? ''): Promise<IssuedCaldavCredential> {
    if (identity.kind !== 'user') throw new DomainError('unsupported:tenant_token');
    if (typeof deviceName !== 'string' || [...deviceName].length > DEVICE_NAME_MAX) {
      throw invalid('device_name', `at most ${DEVICE_NAME_MAX} characters`);
    }
    const password = randomBase62(CALDAV_PASSWORD_LENGTH);
    const credential: StoredCaldavCredential = {
      credentialId: `cdc_${randomBase62(16)}`, tenantKey: identity.tenantKey, userRef: identity.userRef, appId: identity.appId,
      userName: caldavUserName(identity.userRef), deviceName, passwordHash: await hashSecret(password, this.options.hashCost ?? SCRYPT_COST),
      createdAt: this.clock.now(),
    };
    const replaced = await this.store.transaction(async (repos) => {
      const previous = (await repos.caldavCredentials.listByUser(identity.userRef)).find((c) => c.deviceName === deviceName);
      if (previous) await repos.caldavCredentials.delete(identity.userRef, previous.credentialId);
      await repos.caldavCredentials.insert(credential);
      return previous;
    });
    if (replaced) this.forget(replaced.credentialId);
    return { password, user_name: credential.userName, server_address: serverAddress, device_name: deviceName };
  }

  /** The identity CalDAV requests act as, or null: unknown name, wrong or revoked password, a user gone from the tenant. */
  async verify(userName: string, password: string): Promise<Identity | null> {
    if (typeof userName !== 'string' || typeof password !== 'string' || userName === '' || password === '') return null;
    const key = sha256(`${userName}\u0000${password}`);
    const generation = tokenGeneration(this.store);
    const memo = this.verified.get(key);
    if (memo && memo.generation === generation) {
      if (performance.now() - memo.checkedAt <= this.memoMs) return memo.identity;
      const fresh = await this.recheck(memo, generation);
      if (fresh) return fresh.identity;
    }
    this.verified.delete(key);
    for (const credential of await this.store.caldavCredentials.findByUserName(userName.toLowerCase())) {
      if (!(await verifySecret(password, credential.passwordHash))) continue;
      const identity = await this.identityOf(credential);
      if (!identity) return null;
      this.verified.set(key, { credentialId: credential.credentialId, passwordHash: credential.passwordHash, identity, checkedAt: performance.now(), generation });
      return identity;
    }
    return null;
  }

  /** The user's credentials, oldest first. */
  async list(userRef: string): Promise<CaldavCredentialInfo[]> {
    return (await this.store.caldavCredentials.listByUser(userRef)).map((c) => ({
      credentialId: c.credentialId, userName: c.userName, deviceName: c.deviceName, appId: c.appId, createdAt: c.createdAt,
    }));
  }

  /** Revokes the credential of that id or device name; false when the user has none such. */
  async revoke(userRef: string, deviceOrId: string): Promise<boolean> {
    const gone = await this.store.transaction(async (repos) => {
      const found = (await repos.caldavCredentials.listByUser(userRef)).find((c) => c.credentialId === deviceOrId || c.deviceName === deviceOrId);
      return found && (await repos.caldavCredentials.delete(userRef, found.credentialId)) ? found : undefined;
    });
    if (gone) this.forget(gone.credentialId);
    return gone !== undefined;
  }

  /** Revokes every credential of the user; how many there were. */
  async revokeAll(userRef: string): Promise<number> {
    const gone = await this.store.transaction(async (repos) => {
      const all = await repos.caldavCredentials.listByUser(userRef);
      for (const c of all) await repos.caldavCredentials.delete(userRef, c.credentialId);
      return all;
    });
    for (const c of gone) this.forget(c.credentialId);
    return gone.length;
  }

  /** The row still there with the same digest, and its user still in the tenant: trusted again without hashing. */
  private async recheck(memo: Verified, generation: number): Promise<Verified | undefined> {
    const credential = await this.store.caldavCredentials.get(memo.credentialId);
    if (!credential || credential.passwordHash !== memo.passwordHash) return undefined;
    const identity = await this.identityOf(credential);
    if (!identity) return undefined;
    memo.identity = identity;
    memo.checkedAt = performance.now();
    memo.generation = generation;
    return memo;
  }

  private async identityOf(credential: StoredCaldavCredential): Promise<(Identity & { kind: 'user' }) | undefined> {
    const user = await this.store.tenancy.getUser(credential.userRef);
    // A user deleted, or moved to another tenant, keeps no access through an old password.
    if (!user || user.tenantKey !== credential.tenantKey) return undefined;
    return { kind: 'user', tenantKey: user.tenantKey, appId: credential.appId, userRef: user.ref, scopes: CALDAV_SCOPES };
  }

  private forget(credentialId: string): void {
    for (const [key, memo] of this.verified.entriesOldestFirst()) if (memo.credentialId === credentialId) this.verified.delete(key);
  }
}

export type { CaldavCredentialRepository, StoredCaldavCredential };
