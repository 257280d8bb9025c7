/**
 * A deleted series' UID can be used again (RFC 4791 §5.3.2.1 asks one object
 * per UID of a calendar, among those it holds): clients delete and re-create
 * with the same UID (vdirsyncer, Thunderbird's undo). The new series has ids
 * of its own; the old event id stays deleted in REST's incremental lists, and
 * DAV sync reports the name as changed, not removed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { ACME } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';
import { caldavSetup, dav, ics, type Account } from './caldav-support.js';

const syncBody = (token: string) => `<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
const tokenOf = (text: string) => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(text)![1]!;

for (const dialect of DIALECTS) {
  describe(`caldav: a deleted series' UID is free again (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let calendarId: string;
    before(async () => ({ server, account: alice, calendarId } = await caldavSetup(dialect, 'alice')));
    after(() => server.close());

    const base = () => `/dav/calendars/alice/${calendarId}/`;
    const put = (name: string, summary: string, uid = 'reuse-1@example.com') => dav(server, alice, 'PUT', `${base()}${name}`, ics(uid, ['DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', `SUMMARY:${summary}`, 'ATTENDEE;CN=Bob Li:mailto:bob@acme.example']), { 'content-type': 'text/calendar' });
    const rest = async (params: { sync_token?: string; page_size?: number }) => (await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params }, await server.asUser('alice'))).data!;
    const masters = async (uid: string) => (await server.store.events.findByUid(ACME, uid)).filter((e) => !e.isException).map((e) => ({ eventId: e.eventId, summary: e.summary, status: e.status }));

    test('delete, then PUT the same UID (twice over): each time a new event; REST lists the old ids deleted, DAV sync the name changed', async () => {
      const restToken = (await rest({ page_size: 500 })).sync_token!;
      assert.equal((await put('reuse-1.ics', 'First')).status, 201);
      const [first] = await masters('reuse-1@example.com');
      const davToken = tokenOf((await dav(server, alice, 'REPORT', base(), syncBody(''))).text);

      for (const summary of ['Second', 'Third']) {
        assert.equal((await dav(server, alice, 'DELETE', `${base()}reuse-1.ics`)).status, 204);
        assert.equal((await dav(server, alice, 'GET', `${base()}reuse-1.ics`)).status, 404);
        const again = await put('reuse-1.ics', summary);
        assert.equal(again.status, 201, again.text);
      }
      const all = await masters('reuse-1@example.com');
      assert.equal(new Set(all.map((m) => m.eventId)).size, 3, 'three events, three ids');
      assert.deepEqual(all.map((m) => [m.summary, m.status]).sort(), [['First', 'cancelled'], ['Second', 'cancelled'], ['Third', 'confirmed']]);
      const live = all.find((m) => m.status === 'confirmed')!;
      assert.notEqual(live.eventId, first!.eventId);

      const got = await dav(server, alice, 'GET', `${base()}reuse-1.ics`);
      assert.equal(got.status, 200);
      assert.match(got.text, /\r\nSUMMARY:Third\r\n/);
      assert.match(got.text, /mailto:bob@acme\.example/);

      // REST: the old ids are deleted, the new one is there; a sync from before sees all three as they are now.
      const changed = (await rest({ sync_token: restToken })).items ?? [];
      const byId = new Map(changed.map((e) => [e.event_id, e.status]));
      assert.deepEqual(all.map((m) => byId.get(m.eventId)), all.map((m) => m.status));
      const attendees = await server.client().calendar.v4.calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: live.eventId }, params: { user_id_type: 'user_id' } }, await server.asUser('alice'));
      assert.deepEqual((attendees.data!.items ?? []).map((a) => a.user_id).sort(), ['alice', 'bob']);

      // DAV sync from before the deletes: the name changed (its new series), not 404.
      const synced = await dav(server, alice, 'REPORT', base(), syncBody(davToken));
      assert.equal(synced.status, 207, synced.text);
      assert.ok(synced.text.includes(`<d:response><d:href>${base()}reuse-1.ics</d:href><d:propstat>`), synced.text);
      assert.ok(!synced.text.includes('404 Not Found'), synced.text);
    });

    test('a live series still holds its UID: a second object with it is no-uid-conflict', async () => {
      const conflict = await put('other-name.ics', 'Clash');
      assert.equal(conflict.status, 409);
      assert.ok(conflict.text.includes(`<c:no-uid-conflict><d:href>${base()}reuse-1.ics</d:href></c:no-uid-conflict>`), conflict.text);
      assert.equal((await masters('reuse-1@example.com')).filter((m) => m.status === 'confirmed').length, 1);
    });

    test('the store refuses a second live master of one UID on one organizer calendar, deleted ones aside', async () => {
      const [live] = (await server.store.events.findByUid(ACME, 'reuse-1@example.com')).filter((e) => e.status === 'confirmed');
      const twin = { ...live!, eventId: `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}_0`, seriesId: `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}` };
      await assert.rejects(server.store.events.insert(twin));
      await server.store.events.insert({ ...twin, status: 'cancelled' });
    });
  });
}
