/**
 * `larkcal caldav list|revoke --user USER_ID` (issue #10 §1): a user's CalDAV
 * device credentials, and taking them away. Works on the database directly; a
 * running server stops accepting a revoked password within a second
 * (CALDAV_MEMO_MS), since it re-reads a verified credential that often.
 */
import { ConfigError } from '../config/load.js';
import { systemClock, type Store } from '../core/ports.js';
import { CaldavCredentialService, caldavUserName, type CaldavCredentialInfo } from '../core/tenancy/caldav-credentials.js';
import type { User } from '../core/tenancy/model.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';

/** The flags of `larkcal caldav`, for parseArgs. */
export const CALDAV_FLAGS = {
  user: { type: 'string' },
  tenant: { type: 'string' },
  device: { type: 'string' },
} as const;

export type CaldavSubcommand = 'list' | 'revoke';

export interface CaldavOptions {
  /** A user_id, or the CalDAV user name (`u_…`) that generate_caldav_conf answered. */
  user: string;
  /** Which tenant's user_id, when several tenants have one alike. */
  tenant?: string;
  /** revoke: the device name or credential id; every credential of the user when absent. */
  device?: string;
}

export function caldavOptionsOf(sub: string | undefined, flags: Record<string, string | boolean | undefined>): { sub: CaldavSubcommand; options: CaldavOptions } {
  if (sub !== 'list' && sub !== 'revoke') throw new ConfigError(`unknown command "caldav${sub ? ` ${sub}` : ''}"; larkcal caldav list|revoke --user USER_ID, see larkcal help`);
  const text = (name: string) => {
    const value = flags[name];
    if (value === '') throw new ConfigError(`--${name}: must not be empty`);
    return typeof value === 'string' ? value : undefined;
  };
  const user = text('user');
  if (!user) throw new ConfigError(`caldav ${sub} needs --user USER_ID`);
  const device = text('device');
  if (device !== undefined && sub === 'list') throw new ConfigError('caldav list takes no --device (it lists them all)');
  const tenant = text('tenant');
  return { sub, options: { user, ...(tenant !== undefined && { tenant }), ...(device !== undefined && { device }) } };
}

export async function caldavCommand(db: DatabaseUrl, sub: CaldavSubcommand, options: CaldavOptions): Promise<void> {
  const store = await openExisting(db, { quiet: true });
  try {
    const user = await findUser(store, options);
    const credentials = new CaldavCredentialService(store, systemClock);
    const who = `${user.userId} (tenant ${user.tenantKey}, CalDAV user name ${caldavUserName(user.ref)})`;
    if (sub === 'list') {
      const list = await credentials.list(user.ref);
      if (list.length === 0) console.log(`${who}: no CalDAV credentials (POST /open-apis/calendar/v4/settings/generate_caldav_conf makes one)`);
      else console.log([`${who}: ${list.length} CalDAV credential${list.length === 1 ? '' : 's'}, oldest first:`, ...list.map(line)].join('\n'));
      return;
    }
    if (options.device === undefined) {
      const count = await credentials.revokeAll(user.ref);
      console.log(`${who}: revoked ${count} CalDAV credential${count === 1 ? '' : 's'}`);
      return;
    }
    if (!(await credentials.revoke(user.ref, options.device))) {
      throw new ConfigError(`${who} has no CalDAV credential "${options.device}" (a device name or a cdc_ id; larkcal caldav list --user ${options.user} shows them)`);
    }
    console.log(`${who}: revoked the CalDAV credential "${options.device}"`);
  } finally {
    await store.close();
  }
}

/** `  cdc_…  "iPhone"  via cli_…  created 2026-03-16T01:02:03.000Z`; an unnamed device shows as (no name). */
function line(c: CaldavCredentialInfo): string {
  return `  ${c.credentialId}  ${c.deviceName === '' ? '(no name)' : JSON.stringify(c.deviceName)}  via ${c.appId}  created ${new Date(c.createdAt).toISOString()}`;
}

async function findUser(store: Store, options: CaldavOptions): Promise<User> {
  if (options.tenant !== undefined) {
    const user = await store.tenancy.findUserByUserId(options.tenant, options.user);
    if (!user) throw new ConfigError(`no user ${options.user} in tenant ${options.tenant}`);
    return user;
  }
  const byUserId = await store.tenancy.findUsersByUserIdInAnyTenant(options.user);
  if (byUserId.length > 1) {
    throw new ConfigError(`user_id ${options.user} is in ${byUserId.length} tenants (${byUserId.map((u) => u.tenantKey).join(', ')}); name one with --tenant TENANT_KEY`);
  }
  if (byUserId[0]) return byUserId[0];
  // The CalDAV user name a client was given stands for its user too.
  const [credential] = await store.caldavCredentials.findByUserName(options.user.toLowerCase());
  const user = credential && (await store.tenancy.getUser(credential.userRef));
  if (!user) throw new ConfigError(`no user ${options.user} in this database (give a user_id, with --tenant TENANT_KEY when tenants share it, or a CalDAV user name)`);
  return user;
}
