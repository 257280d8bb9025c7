/** PATCH and DELETE /calendars/:id (calendars.md §3.4, §3.7). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

for (const dialect of DIALECTS) {
  describe(`calendars.patch and calendars.delete (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const create = async (userId: string, data: Record<string, unknown>) =>
      (await server.client().calendar.v4.calendar.create({ data }, await server.asUser(userId))).data!.calendar!.calendar_id;

    test('the owner changes everything; the answer wraps the calendar', async () => {
      const id = await create('alice', { summary: 'Before', permissions: 'private' });
      const res = await server.client().calendar.v4.calendar.patch({
        path: { calendar_id: id },
        data: { summary: 'After', description: 'd', permissions: 'public', color: -1, summary_alias: 'alias' },
      }, await server.asUser('alice'));
      assert.deepEqual({ ...res.data!.calendar, calendar_id: 'x' }, {
        calendar_id: 'x', summary: 'After', description: 'd', permissions: 'public', color: -1, type: 'shared',
        summary_alias: 'alias', is_deleted: false, is_third_party: false, role: 'owner',
      });
    });

    test('absent fields are left unchanged', async () => {
      const id = await create('alice', { summary: 'Stay', description: 'also stays', color: 5 });
      const res = await server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { permissions: 'public' } }, await server.asUser('alice'));
      assert.deepEqual([res.data!.calendar!.summary, res.data!.calendar!.description, res.data!.calendar!.color], ['Stay', 'also stays', 5]);
    });

    test('a subscriber changes only its own colour and alias; others still see theirs', async () => {
      const id = await create('alice', { summary: 'Public', permissions: 'public', color: 7 });
      const bob = await server.asUser('bob');
      await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob);
      const res = await server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { color: -2, summary_alias: 'Bob calls it' } }, bob);
      assert.deepEqual([res.data!.calendar!.color, res.data!.calendar!.summary_alias, res.data!.calendar!.role], [-2, 'Bob calls it', 'reader']);
      const alice = await server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, await server.asUser('alice'));
      assert.deepEqual([alice.data!.color, alice.data!.summary_alias], [7, '']);
    });

    test('a non-owner sending global fields: 191002; a non-subscriber: 191009; an outsider: 191002', async () => {
      const id = await create('alice', { summary: 'Public', permissions: 'public' });
      const bob = await server.asUser('bob');
      const notSubscribed = await sdkFailure(server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { color: 1 } }, bob));
      assert.deepEqual([notSubscribed.status, notSubscribed.body.code, notSubscribed.body.msg], [400, 191009, 'non-subscriber cannot modify the calendar']);
      await server.client().calendar.v4.calendar.subscribe({ path: { calendar_id: id } }, bob);
      const global = await sdkFailure(server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { summary: 'Mine now' } }, bob));
      assert.deepEqual([global.status, global.body.code, global.body.msg], [403, 191002, 'no calendar access_role']);
      const outsider = await sdkFailure(server.client('globex').calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { color: 1 } }));
      assert.deepEqual([outsider.status, outsider.body.code], [403, 191002]);
      const unchanged = await server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, await server.asUser('alice'));
      assert.equal(unchanged.data!.summary, 'Public');
    });

    test('patch validation: empty summary, over-long fields, bad enum → 190014 naming the field, nothing changes', async () => {
      const id = await create('alice', { summary: 'Valid' });
      const alice = await server.asUser('alice');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ summary: '' }, 'summary'],
        [{ summary: 'x'.repeat(256) }, 'summary'],
        [{ description: 'x'.repeat(256) }, 'description'],
        [{ permissions: 'everyone' }, 'permissions'],
        [{ color: 2 ** 31 }, 'color'],
        [{ summary_alias: 'x'.repeat(256) }, 'summary_alias'],
      ];
      for (const [data, field] of cases) {
        const res = await sdkFailure(server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: data as never }, alice));
        assert.deepEqual([res.status, res.body.code, res.body.msg], [400, 190014, 'invalid request parameters. check details for more info.'], JSON.stringify(data));
        assert.equal(res.body.error.details[0].key, field);
        assert.equal(res.body.error.field_violations[0].field, field);
      }
      const after = await server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, alice);
      assert.equal(after.data!.summary, 'Valid');
    });

    test('meeting-room calendars take no summary_alias', async () => {
      const room = await server.store.tenancy.getRoom('omm_83d09ad4f6896e02029a6a075f71c9d1');
      const res = await sdkFailure(server.client().calendar.v4.calendar.patch({ path: { calendar_id: room!.calendarId }, data: { summary_alias: 'x' } }));
      assert.deepEqual([res.status, res.body.code, res.body.error.details[0].key], [400, 190014, 'summary_alias']);
    });

    test('delete: owner only, shared only; afterwards the calendar answers 191003', async () => {
      const id = await create('alice', { summary: 'Doomed', permissions: 'public' });
      const bob = await server.asUser('bob');
      const notOwner = await sdkFailure(server.client().calendar.v4.calendar.delete({ path: { calendar_id: id } }, bob));
      assert.deepEqual([notOwner.status, notOwner.body.code], [403, 191002]);
      const alice = await server.asUser('alice');
      const ok = await server.client().calendar.v4.calendar.delete({ path: { calendar_id: id } }, alice);
      assert.deepEqual(ok, { code: 0, msg: 'success', data: {} });
      for (const call of [
        () => server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, alice),
        () => server.client().calendar.v4.calendar.delete({ path: { calendar_id: id } }, alice),
        () => server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { color: 1 } }, alice),
      ]) {
        const gone = await sdkFailure(call());
        assert.deepEqual([gone.status, gone.body.code, gone.body.msg], [403, 191003, 'calendar is deleted']);
      }
      const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, alice);
      assert.equal(list.data!.calendar_list!.some((c) => c.calendar_id === id), false);
    });

    test('a primary calendar cannot be deleted, not even by its owner (191004)', async () => {
      const alice = await server.asUser('alice');
      const primary = await server.client().calendar.v4.calendar.primary({}, alice);
      const res = await sdkFailure(server.client().calendar.v4.calendar.delete({ path: { calendar_id: primary.data!.calendars![0]!.calendar!.calendar_id } }, alice));
      assert.deepEqual([res.status, res.body.code, res.body.msg], [403, 191004, 'invalid calendar type']);
    });
  });
}
