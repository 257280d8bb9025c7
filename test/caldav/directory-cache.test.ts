/**
 * The cache of encoded objects (calendar-objects.ts) and the directory: a
 * user's name and email are in ORGANIZER (CN, mailto) and ATTENDEE (mailto),
 * and change outside the change log. larkcal has no use case that renames a
 * user (the directory comes from the fixture), so the rename here is what any
 * out-of-band change is: the users row edited in the database while the
 * server runs. Read back through tsdav: the new CN and address, a new ETag.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import * as lark from '@larksuiteoapi/node-sdk';
import type { DAVCalendar } from 'tsdav';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { DIALECTS, type TestDatabase } from '../support/database.js';
import { ACME, APPS } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, ics, type Account } from './caldav-support.js';

type Client = Awaited<ReturnType<typeof davClient>>;

/** Sets a user's name and email in the users table, from a connection of its own. */
async function editUser(database: TestDatabase, ref: string, name: string, email: string): Promise<void> {
  if (database.url.dialect === 'sqlite') {
    const db = new SQLite(database.url.file);
    try {
      db.pragma('busy_timeout = 5000');
      assert.equal(db.prepare('update users set name = ?, email = ? where ref = ?').run(name, email, ref).changes, 1);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.url.url });
  await client.connect();
  try {
    assert.equal((await client.query('update users set name = $1, email = $2 where ref = $3', [name, email, ref])).rowCount, 1);
  } finally {
    await client.end();
  }
}

const ORGANIZER = /\r\nORGANIZER[^\r]*\r\n/;
const ATTENDEE_BOB = /\r\nATTENDEE[^\r]*X-LARKCAL-ID=bob[^\r]*\r\n/;
/** RFC 5545 §3.1: content lines folded at 75 octets, unfolded to match them whole. */
const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '');

for (const dialect of DIALECTS) {
  describe(`caldav: cached objects follow the directory (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let client: Client;
    let calendar: DAVCalendar;
    let path = '';
    let aliceRef = '';
    let bobRef = '';
    let first = { etag: '', text: '' };
    const get = async () => {
      const res = await dav(server, alice, 'GET', `${path}dir-1.ics`);
      assert.equal(res.status, 200);
      return { etag: res.headers.get('etag')!, text: res.text };
    };
    before(async () => {
      server = await startServer({ dialect });
      alice = await caldavAccount(server, 'alice');
      aliceRef = (await server.store.tenancy.findUserByUserId(ACME, 'alice'))!.ref;
      bobRef = (await server.store.tenancy.findUserByUserId(ACME, 'bob'))!.ref;
      const calendarId = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id!;
      path = `/dav/calendars/alice/${calendarId}/`;
      client = await davClient(server, alice);
      calendar = (await client.fetchCalendars()).find((c) => c.url.endsWith(`/${calendarId}/`))!;
      const object = ics('dir-1', ['DTSTART:20260318T090000Z', 'DTEND:20260318T100000Z', 'SUMMARY:Directory', 'ORGANIZER;CN=Alice Wang:mailto:alice@acme.example', 'ATTENDEE;CN=Bob Li;PARTSTAT=NEEDS-ACTION:mailto:bob@acme.example']);
      assert.equal((await client.createCalendarObject({ calendar, filename: 'dir-1.ics', iCalString: object })).status, 201);
    });
    after(() => server.close());

    test('before: the names and addresses of the directory, the same text and ETag each read', async () => {
      first = await get();
      assert.equal(ORGANIZER.exec(unfolded(first.text))?.[0], '\r\nORGANIZER;CN=Alice Wang:mailto:alice@acme.example\r\n');
      assert.match(ATTENDEE_BOB.exec(unfolded(first.text))![0], /:mailto:bob@acme\.example\r\n$/);
      const listed = await client.fetchCalendarObjects({ calendar });
      assert.deepEqual(listed.map((o) => o.etag), [first.etag]);
      assert.deepEqual(await get(), first);
    });

    test('after a rename: GET, calendar-query and multiget answer the new CN and addresses under a new ETag', async () => {
      await editUser(server.database, aliceRef, 'Alice Chen', 'alice.chen@acme.example');
      await editUser(server.database, bobRef, 'Bob Li', 'bob.li@acme.example');
      const renamed = await get();
      assert.notEqual(renamed.etag, first.etag);
      assert.equal(ORGANIZER.exec(unfolded(renamed.text))?.[0], '\r\nORGANIZER;CN=Alice Chen:mailto:alice.chen@acme.example\r\n');
      assert.match(ATTENDEE_BOB.exec(unfolded(renamed.text))![0], /:mailto:bob\.li@acme\.example\r\n$/);
      const listed = await client.fetchCalendarObjects({ calendar, useMultiGet: false });
      assert.deepEqual(listed.map((o) => [o.etag, String(o.data)]), [[renamed.etag, renamed.text.trimEnd()]]);
      const multi = await client.calendarMultiGet({ url: calendar.url, props: { 'd:getetag': {} }, objectUrls: [`${path}dir-1.ics`], depth: '1' });
      assert.deepEqual(multi.map((r) => r.props?.getetag), [renamed.etag]);
    });

    test('renamed back: the first text and ETag again (the ETag is of the content)', async () => {
      await editUser(server.database, aliceRef, 'Alice Wang', 'alice@acme.example');
      await editUser(server.database, bobRef, 'Bob Li', 'bob@acme.example');
      assert.deepEqual(await get(), first);
    });
  });
}

/**
 * A sandbox restore (issue #12 §3) puts back every table, the directory and
 * the change log with it: the head goes back, and the writes after it number
 * their changes as the undone ones did. Nothing cached before may answer after.
 */
for (const dialect of DIALECTS) {
  describe(`caldav: cached objects after a sandbox restore (${dialect})`, () => {
    let sandbox: Sandbox;
    let account: Account;
    let base = '';
    const put = async (summary: string) => {
      const res = await fetch(`${sandbox.url}${base}restore-1.ics`, {
        method: 'PUT', headers: { authorization: account.basic, 'content-type': 'text/calendar' },
        body: ics('restore-1', ['DTSTART:20260318T090000Z', 'DTEND:20260318T100000Z', `SUMMARY:${summary}`]),
      });
      assert.ok(res.status === 201 || res.status === 204, `PUT ${summary}: ${res.status}`);
    };
    const summary = async () => {
      const res = await fetch(`${sandbox.url}${base}restore-1.ics`, { headers: { authorization: account.basic } });
      assert.equal(res.status, 200);
      return /\r\nSUMMARY:([^\r]*)\r\n/.exec(await res.text())?.[1];
    };
    before(async () => {
      sandbox = await startSandbox({ dialect });
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const user = (await sandbox.store.tenancy.findUserByUserId(ACME, 'alice'))!;
      const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value;
      const conf = (await sandbox.client().calendar.v4.setting.generateCaldavConf({ data: { device_name: 'tests' } }, lark.withUserAccessToken(token))).data!;
      account = { username: conf.user_name!, password: conf.password!, basic: `Basic ${Buffer.from(`${conf.user_name}:${conf.password}`).toString('base64')}` };
      const calendarId = (await sandbox.store.calendars.primaryOf(`user:${user.ref}`))!.calendarId;
      base = `/dav/calendars/alice/${calendarId}/`;
    });
    after(() => sandbox.close());

    test('a write after the restore is read, not the undone one cached under the same head', async () => {
      await put('One');
      assert.equal((await sandbox.admin('POST', '/snapshots', { name: 'before-two' })).status, 201);
      await put('Two');
      assert.equal(await summary(), 'Two');
      assert.equal((await sandbox.admin('POST', '/snapshots/before-two/restore')).status, 200);
      assert.equal(await summary(), 'One');
      await put('Three');
      assert.equal(await summary(), 'Three');
    });
  });
}
