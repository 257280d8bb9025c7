/** Calendars as collections (issue #10 §2, §4): MKCALENDAR, PROPPATCH, DELETE, through tsdav and REST. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { caldavAccount, dav, davClient, type Account } from './caldav-support.js';

const PROPPATCH = (props: string) => `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:ic="http://apple.com/ns/ical/"><d:set><d:prop>${props}</d:prop></d:set></d:propertyupdate>`;

for (const dialect of DIALECTS) {
  describe(`caldav: calendars as collections (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let bob: Account;
    let made: string;
    before(async () => {
      server = await startServer({ dialect });
      [alice, bob] = [await caldavAccount(server, 'alice'), await caldavAccount(server, 'bob')];
    });
    after(() => server.close());

    const restIdOf = async (summary: string) => {
      const list = (await server.client().calendar.v4.calendar.list({ params: { page_size: 500 } }, await server.asUser('alice'))).data?.calendar_list ?? [];
      return list.find((c) => c.summary === summary)!.calendar_id!;
    };
    const restCalendar = async (calendarId: string) => (await server.client().calendar.v4.calendar.get({ path: { calendar_id: calendarId } }, await server.asUser('alice'))).data;

    test('MKCALENDAR makes a shared calendar owned by the user; Location names it, and it is in the home', async () => {
      const client = await davClient(server, alice);
      const res = await client.makeCalendar({
        url: `${server.url}/dav/calendars/alice/new-team/`,
        props: { 'd:displayname': 'Team', 'c:calendar-description': 'Our team' },
      });
      assert.equal(res[0]?.status, 201);
      const location = await dav(server, alice, 'MKCALENDAR', '/dav/calendars/alice/second/', '');
      assert.equal(location.status, 201);
      const calendars = await client.fetchCalendars();
      const team = calendars.find((c) => c.displayName === 'Team');
      assert.ok(team, 'the new calendar is listed');
      // The client keeps the URL it asked for; the calendar's id is the server's.
      assert.equal(new URL(team.url).pathname, '/dav/calendars/alice/new-team/');
      made = await restIdOf('Team');
      assert.notEqual(made, 'new-team');
      const rest = await restCalendar(made);
      assert.deepEqual({ summary: rest?.summary, description: rest?.description, type: rest?.type, role: rest?.role }, { summary: 'Team', description: 'Our team', type: 'shared', role: 'owner' });
      assert.equal(team.description, 'Our team');
      assert.equal(location.headers.get('location'), '/dav/calendars/alice/second/');
      // RFC 4791 §5.3.1.1: not over a calendar that is there.
      const again = await dav(server, alice, 'MKCALENDAR', `/dav/calendars/alice/${made}/`, '');
      assert.equal(again.status, 405);
      assert.match(again.text, /<d:resource-must-be-null\/>/);
    });

    test('MKCOL: plain or extended (RFC 5689) in the home makes a calendar at that URL; inside a calendar 403, without a parent 409, over the home 405', async () => {
      const plain = await dav(server, alice, 'MKCOL', '/dav/calendars/alice/litmus/');
      assert.equal(plain.status, 201);
      assert.equal(plain.headers.get('location'), '/dav/calendars/alice/litmus/');
      const listed = await dav(server, alice, 'PROPFIND', '/dav/calendars/alice/litmus/', '<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:displayname/></d:prop></d:propfind>', { depth: '0' });
      assert.equal(listed.status, 207);
      assert.ok(listed.text.includes('<d:href>/dav/calendars/alice/litmus/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>litmus</d:displayname>'), listed.text);
      assert.equal((await dav(server, alice, 'MKCOL', '/dav/calendars/alice/litmus/')).status, 405, 'not over a calendar');
      const extended = await dav(server, alice, 'MKCOL', '/dav/calendars/alice/ext/', '<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>Extended</d:displayname></d:prop></d:set></d:mkcol>');
      assert.equal(extended.status, 201);
      assert.equal((await restCalendar(await restIdOf('Extended')))?.type, 'shared');
      const plainCollection = await dav(server, alice, 'MKCOL', '/dav/calendars/alice/plain/', '<d:mkcol xmlns:d="DAV:"><d:set><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:set></d:mkcol>');
      assert.equal(plainCollection.status, 403);
      assert.match(plainCollection.text, /<d:valid-resourcetype\/>/);
      const nested = await dav(server, alice, 'MKCOL', '/dav/calendars/alice/litmus/inner/');
      assert.equal(nested.status, 403);
      assert.match(nested.text, /<c:calendar-collection-location-ok\/>/);
      assert.equal((await dav(server, alice, 'MKCOL', '/dav/calendars/alice/nowhere/inner/')).status, 409);
      assert.equal((await dav(server, alice, 'MKCOL', '/dav/calendars/alice/litmus/a/b/')).status, 409);
      assert.equal((await dav(server, alice, 'MKCOL', '/dav/calendars/alice/weird/', 'afafafaf', { 'content-type': 'text/plain' })).status, 415);
      assert.equal((await dav(server, alice, 'MKCOL', '/dav/calendars/alice/litmus/weird/', '<x/>')).status, 415);
      const home = await dav(server, alice, 'MKCOL', '/dav/calendars/alice/');
      assert.equal(home.status, 405);
      assert.match(home.text, /<d:resource-must-be-null\/>/);
      // Objects live under the alias URL too.
      const put = await dav(server, alice, 'PUT', '/dav/calendars/alice/litmus/x.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260316T090000Z\r\nDTEND:20260316T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n', { 'content-type': 'text/calendar' });
      assert.equal(put.status, 201);
      const members = await dav(server, alice, 'PROPFIND', '/dav/calendars/alice/litmus/', '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>', { depth: '1' });
      assert.ok(members.text.includes('<d:href>/dav/calendars/alice/litmus/x.ics</d:href>'), members.text);
    });

    test('PROPPATCH sets displayname, description and colour for the owner; REST sees them', async () => {
      const res = await dav(server, alice, 'PROPPATCH', `/dav/calendars/alice/${made}/`, PROPPATCH('<d:displayname>Team B</d:displayname><c:calendar-description>Renamed</c:calendar-description><ic:calendar-color>#FF000080</ic:calendar-color>'));
      assert.equal(res.status, 207);
      assert.match(res.text, /<d:status>HTTP\/1\.1 200 OK<\/d:status>/);
      const rest = await restCalendar(made);
      assert.deepEqual({ summary: rest?.summary, description: rest?.description, color: rest?.color }, { summary: 'Team B', description: 'Renamed', color: (0x80ff0000 | 0) });
      const props = await dav(server, alice, 'PROPFIND', `/dav/calendars/alice/${made}/`, '<d:propfind xmlns:d="DAV:" xmlns:ic="http://apple.com/ns/ical/"><d:prop><ic:calendar-color/><d:current-user-privilege-set/></d:prop></d:propfind>', { depth: '0' });
      assert.match(props.text, /<ic:calendar-color>#FF000080<\/ic:calendar-color>/);
      assert.match(props.text, /<d:privilege><d:write-properties\/><\/d:privilege>/);
    });

    test('PROPPATCH by a reader is a 403 multistatus and changes nothing; an unknown property fails the whole update', async () => {
      await server.client().calendar.v4.calendarAcl.create({ path: { calendar_id: made }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'bob' } } }, await server.asUser('alice'));
      const asReader = await dav(server, bob, 'PROPPATCH', `/dav/calendars/bob/${made}/`, PROPPATCH('<d:displayname>Bob was here</d:displayname>'));
      assert.equal(asReader.status, 207);
      assert.match(asReader.text, /<d:propstat><d:prop><d:displayname\/><\/d:prop><d:status>HTTP\/1\.1 403 Forbidden<\/d:status><\/d:propstat>/);
      const privileges = await dav(server, bob, 'PROPFIND', `/dav/calendars/bob/${made}/`, '<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/></d:prop></d:propfind>', { depth: '0' });
      assert.doesNotMatch(privileges.text, /<d:write/);
      assert.match(privileges.text, /<d:privilege><d:read\/><\/d:privilege>/);
      const mixed = await dav(server, alice, 'PROPPATCH', `/dav/calendars/alice/${made}/`, PROPPATCH('<d:displayname>Team C</d:displayname><d:getetag>x</d:getetag>'));
      assert.match(mixed.text, /<d:prop><d:getetag\/><\/d:prop><d:status>HTTP\/1\.1 403 Forbidden/);
      assert.match(mixed.text, /<d:prop><d:displayname\/><\/d:prop><d:status>HTTP\/1\.1 424 Failed Dependency/);
      assert.equal((await restCalendar(made))?.summary, 'Team B');
    });

    test('DELETE of a calendar: a reader 403, the primary calendar 403, the owner of a shared one 204', async () => {
      assert.equal((await dav(server, bob, 'DELETE', `/dav/calendars/bob/${made}/`)).status, 403);
      const primary = (await server.client().calendar.v4.calendar.primary({}, await server.asUser('alice'))).data!.calendars![0]!.calendar!.calendar_id!;
      const refused = await dav(server, alice, 'DELETE', `/dav/calendars/alice/${primary}/`);
      assert.equal(refused.status, 403);
      assert.equal((await dav(server, alice, 'DELETE', `/dav/calendars/alice/${made}/`)).status, 204);
      const after = await dav(server, alice, 'PROPFIND', `/dav/calendars/alice/${made}/`, '', { depth: '0' });
      assert.equal(after.status, 404);
    });
  });
}
