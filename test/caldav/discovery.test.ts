/** CalDAV discovery and collections through tsdav (issue #10 §2, §4): auth, OPTIONS, well-known, PROPFIND. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAccount } from 'tsdav';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, type Account } from './caldav-support.js';

for (const dialect of DIALECTS) {
  describe(`caldav: discovery and calendars (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    before(async () => {
      server = await startServer({ dialect });
      alice = await caldavAccount(server, 'alice');
    });
    after(() => server.close());

    test('no or wrong credentials get 401 with a Basic challenge, in DAV XML', async () => {
      for (const account of [undefined, { ...alice, basic: `Basic ${Buffer.from(`${alice.username}:wrong`).toString('base64')}` }]) {
        const res = await dav(server, account, 'PROPFIND', '/dav/', '', { depth: '0' });
        assert.equal(res.status, 401);
        assert.equal(res.headers.get('www-authenticate'), 'Basic realm="larkcal CalDAV", charset="UTF-8"');
        assert.match(res.text, /<d:error xmlns:d="DAV:"/);
        assert.doesNotMatch(res.text, /"code"/);
      }
    });

    test('OPTIONS names the DAV classes; /.well-known/caldav redirects to /dav/', async () => {
      const options = await dav(server, undefined, 'OPTIONS', '/dav/calendars/alice/');
      assert.equal(options.status, 200);
      assert.equal(options.headers.get('dav'), '1, 3, calendar-access, extended-mkcol');
      assert.match(options.headers.get('allow')!, /PROPFIND, PROPPATCH, REPORT, MKCALENDAR/);
      const wellKnown = await dav(server, undefined, 'PROPFIND', '/.well-known/caldav', '');
      assert.equal(wellKnown.status, 301);
      assert.equal(wellKnown.headers.get('location'), '/dav/');
    });

    test('tsdav discovers the principal and home, and lists the calendar list with its properties', async () => {
      const account = await createAccount({
        account: { serverUrl: server.url, accountType: 'caldav', credentials: { username: alice.username, password: alice.password } },
        headers: { authorization: alice.basic },
      });
      assert.equal(account.rootUrl, `${server.url}/dav/`);
      assert.equal(account.principalUrl, `${server.url}/dav/principals/alice/`);
      assert.equal(account.homeUrl, `${server.url}/dav/calendars/alice/`);
      const client = await davClient(server, alice);
      const calendars = await client.fetchCalendars();
      const primary = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!;
      const found = calendars.find((c) => c.url.endsWith(`/${primary.calendar_id}/`));
      assert.ok(found, 'the primary calendar is a collection');
      assert.equal(found.url, `${server.url}/dav/calendars/alice/${primary.calendar_id}/`);
      assert.deepEqual(found.components, ['VEVENT']);
      assert.equal(found.displayName, primary.summary_alias || primary.summary || 'Alice Wang');
      assert.match(String(found.ctag), /^http:\/\/larkcal\.invalid\/sync\/\d+$/);
      assert.equal(found.syncToken, found.ctag);
      assert.deepEqual([...(found.reports ?? [])].sort(), ['calendarMultiget', 'calendarQuery', 'freeBusyQuery', 'syncCollection']);
    });

    test('PROPFIND on the principal: address set (mailto:), home, principal-URL', async () => {
      const res = await dav(server, alice, 'PROPFIND', '/dav/principals/alice/', `<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-user-address-set/><c:calendar-home-set/><d:principal-URL/><d:current-user-principal/><d:nope/></d:prop></d:propfind>`, { depth: '0' });
      assert.equal(res.status, 207);
      assert.match(res.text, /<c:calendar-user-address-set><d:href>mailto:alice@acme\.example<\/d:href><d:href>\/dav\/principals\/alice\/<\/d:href><\/c:calendar-user-address-set>/);
      assert.match(res.text, /<c:calendar-home-set><d:href>\/dav\/calendars\/alice\/<\/d:href><\/c:calendar-home-set>/);
      assert.match(res.text, /<d:principal-URL><d:href>\/dav\/principals\/alice\/<\/d:href><\/d:principal-URL>/);
      assert.match(res.text, /<d:propstat><d:prop><d:nope\/><\/d:prop><d:status>HTTP\/1.1 404 Not Found<\/d:status><\/d:propstat>/);
    });

    test("another user's principal and home are not found; Depth: infinity is refused", async () => {
      for (const path of ['/dav/principals/bob/', '/dav/calendars/bob/', '/dav/calendars/alice/no-such-calendar/', '/dav/calendars/alice/x/y.ics']) {
        assert.equal((await dav(server, alice, 'PROPFIND', path, '', { depth: '0' })).status, 404);
      }
      const infinite = await dav(server, alice, 'PROPFIND', '/dav/calendars/alice/', '', { depth: 'infinity' });
      assert.equal(infinite.status, 403);
      assert.match(infinite.text, /<d:propfind-finite-depth\/>/);
    });
  });
}
