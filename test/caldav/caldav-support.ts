/** CalDAV test helpers: device credentials for a fixture user, a tsdav client, a raw DAV request. */
import { createDAVClient } from 'tsdav';
import { CaldavCredentialService } from '../../src/core/tenancy/caldav-credentials.js';
import { APPS } from '../support/fixture.js';
import { TEST_HASH_COST, type TestServer } from '../support/server.js';

export interface Account {
  username: string;
  password: string;
  basic: string;
}

export async function caldavAccount(server: TestServer, userId: string): Promise<Account> {
  const app = await server.store.tenancy.getApp(APPS.full.app_id);
  const user = await server.store.tenancy.findUserByUserId(app!.tenantKey, userId);
  if (!user) throw new Error(`no user ${userId}`);
  const service = new CaldavCredentialService(server.store, server.clock, { hashCost: TEST_HASH_COST });
  const issued = await service.issue({ kind: 'user', tenantKey: user.tenantKey, appId: app!.appId, userRef: user.ref, scopes: ['calendar:calendar'] }, 'tests');
  return { username: issued.user_name, password: issued.password, basic: `Basic ${Buffer.from(`${issued.user_name}:${issued.password}`).toString('base64')}` };
}

export function davClient(server: TestServer, account: Account) {
  return createDAVClient({
    serverUrl: `${server.url}/.well-known/caldav`,
    credentials: { username: account.username, password: account.password },
    authMethod: 'Basic',
    defaultAccountType: 'caldav',
  });
}

export async function dav(server: TestServer, account: Account | undefined, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(account && { authorization: account.basic }), ...(body !== undefined && { 'content-type': 'application/xml; charset=utf-8' }), ...headers },
    ...(body !== undefined && { body }),
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** One VEVENT in a VCALENDAR, CRLF-joined. */
export function ics(uid: string, lines: readonly string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260301T000000Z', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}
