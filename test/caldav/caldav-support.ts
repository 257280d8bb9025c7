/** CalDAV test helpers: device credentials for a fixture user, a tsdav client, a raw DAV request. */
import { createDAVClient } from 'tsdav';
import type { Dialect } from '../support/database.js';
import type { AppName } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

export interface Account {
  username: string;
  password: string;
  basic: string;
}

/** Device credentials as a user gets them: generate_caldav_conf through the official SDK (issue #10 §1). */
export async function caldavAccount(server: TestServer, userId: string, app: AppName = 'full'): Promise<Account> {
  const res = await server.client(app).calendar.v4.setting.generateCaldavConf({ data: { device_name: 'tests' } }, await server.asUser(userId, app));
  const { user_name: username, password } = res.data ?? {};
  if (res.code !== 0 || !username || !password) throw new Error(`generate_caldav_conf failed: ${res.code} ${res.msg}`);
  return { username, password, basic: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/** A server of the dialect, a user's device credentials and the id of their primary calendar: most suites' start. */
export async function caldavSetup(dialect: Dialect, userId: string): Promise<{ server: TestServer; account: Account; calendarId: string }> {
  const server = await startServer({ dialect });
  const account = await caldavAccount(server, userId);
  const primary = await server.client().calendar.v4.calendar.primary({}, await server.asUser(userId));
  return { server, account, calendarId: primary.data!.calendars![0]!.calendar!.calendar_id! };
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
