/** The meeting-room directory (vc/v1 rooms and room_levels) over the fixture's rooms. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { levelIdOf } from '../../src/core/rooms/room-levels.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { ACME, testFixture } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

const EVEREST = 'omm_83d09ad4f6896e02029a6a075f71c9d1';
const ROOT = levelIdOf(ACME, []);
const HQ = levelIdOf(ACME, ['HQ']);
const HQ3 = levelIdOf(ACME, ['HQ', '3']);
const HQ4 = levelIdOf(ACME, ['HQ', '4']);
const ANNEX = levelIdOf(ACME, ['Annex']);

for (const dialect of DIALECTS) {
  describe(`vc rooms directory (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      const fixture = testFixture();
      // Everest (HQ/3 from building and floor) and Kilimanjaro (no level) are the shared fixture's.
      fixture.tenants[0]!.rooms!.push(
        { room_id: 'omm_a0000000000000000000000000000001', name: 'Alps', capacity: 8, building: 'HQ', floor: '3', city: 'Beijing' },
        { room_id: 'omm_a0000000000000000000000000000002', name: 'Fuji', capacity: 6, room_level: 'HQ/4', city: 'Beijing' },
        { room_id: 'omm_a0000000000000000000000000000003', name: 'Andes', room_level: 'Annex' },
      );
      server = await startServer({ dialect, fixture });
    });
    after(() => server.close());

    const vc = () => server.client().vc.v1;
    const names = (rooms: Array<{ name?: string }> | undefined) => (rooms ?? []).map((r) => r.name).sort();

    test('get: the room with its level and the path of level ids down to it', async () => {
      const res = await vc().room.get({ path: { room_id: EVEREST } });
      assert.equal(res.code, 0);
      assert.deepEqual(res.data!.room, {
        room_id: EVEREST, name: 'Everest', capacity: 10, description: '', room_level_id: HQ3, path: [ROOT, HQ, HQ3],
        room_status: { status: true, schedule_status: true }, device: [],
      });
      const missing = await sdkFailure(vc().room.get({ path: { room_id: 'omm_nope' } }));
      assert.deepEqual([missing.status, missing.body.code, missing.body.msg], [404, 121004, 'data not exist']);
    });

    test('list: every room, paged; under a level, the whole subtree', async () => {
      const all = await vc().room.list({ params: {} });
      assert.deepEqual(names(all.data!.rooms), ['Alps', 'Andes', 'Everest', 'Fuji', 'Kilimanjaro']);
      assert.equal(all.data!.has_more, false);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await vc().room.list({ params: { page_size: 2, ...(token && { page_token: token }) } });
        seen.push(...page.data!.rooms!.map((r) => r.name!));
        token = page.data!.has_more ? page.data!.page_token : undefined;
        if (page.data!.has_more) assert.ok(token);
      } while (token);
      assert.deepEqual(seen.sort(), ['Alps', 'Andes', 'Everest', 'Fuji', 'Kilimanjaro']);
      assert.deepEqual(names((await vc().room.list({ params: { room_level_id: HQ } })).data!.rooms), ['Alps', 'Everest', 'Fuji']);
      assert.deepEqual(names((await vc().room.list({ params: { room_level_id: HQ3 } })).data!.rooms), ['Alps', 'Everest']);
      const unknown = await sdkFailure(vc().room.list({ params: { room_level_id: 'omb_nope' } }));
      assert.equal(unknown.body.code, 121004);
      const badToken = await sdkFailure(vc().room.list({ params: { page_token: 'garbage' } }));
      assert.deepEqual([badToken.status, badToken.body.code], [400, 121003]);
      const tooBig = await sdkFailure(vc().room.list({ params: { page_size: 101 } }));
      assert.deepEqual([tooBig.status, tooBig.body.code], [400, 99992402]);
    });

    test('search: keyword on names, optionally on level names, within a level', async () => {
      assert.deepEqual(names((await vc().room.search({ data: { keyword: 'AL' } })).data!.rooms), ['Alps']);
      assert.deepEqual(names((await vc().room.search({ data: { keyword: 'hq' } })).data!.rooms), []);
      assert.deepEqual(names((await vc().room.search({ data: { keyword: 'hq', search_level_name: true } })).data!.rooms), ['Alps', 'Everest', 'Fuji']);
      assert.deepEqual(names((await vc().room.search({ data: { keyword: 'e', room_level_id: HQ3 } })).data!.rooms), ['Everest']);
      assert.deepEqual(names((await vc().room.search({ data: { custom_room_ids: ['1000'] } })).data!.rooms), []);
      // Search answers user tokens too (the rooms the user may book).
      const asUser = await vc().room.search({ data: { keyword: 'fuji' } }, await server.asUser('alice'));
      assert.deepEqual(names(asUser.data!.rooms), ['Fuji']);
    });

    test('mget: known rooms in the order asked', async () => {
      const res = await vc().room.mget({ data: { room_ids: ['omm_a0000000000000000000000000000003', 'omm_nope', EVEREST] } });
      assert.deepEqual(res.data!.items!.map((r) => r.name), ['Andes', 'Everest']);
    });

    test('room levels: the tree building → floor under the tenant level', async () => {
      const top = await vc().roomLevel.list({ params: {} });
      assert.deepEqual(top.data!.items, [
        { room_level_id: ANNEX, name: 'Annex', parent_id: ROOT, path: [ROOT], has_child: false, custom_group_id: 'Annex' },
        { room_level_id: HQ, name: 'HQ', parent_id: ROOT, path: [ROOT], has_child: true, custom_group_id: 'HQ' },
      ]);
      const floors = await vc().roomLevel.list({ params: { room_level_id: HQ } });
      assert.deepEqual(floors.data!.items!.map((l) => [l.name, l.room_level_id, l.path]), [['3', HQ3, [ROOT, HQ]], ['4', HQ4, [ROOT, HQ]]]);
      const tenant = await vc().roomLevel.get({ path: { room_level_id: '0' } });
      assert.deepEqual(tenant.data!.room_level, { room_level_id: ROOT, name: 'Acme', parent_id: '', path: [], has_child: true, custom_group_id: '' });
      assert.equal((await vc().roomLevel.get({ path: { room_level_id: HQ4 } })).data!.room_level!.name, '4');
      const missing = await sdkFailure(vc().roomLevel.get({ path: { room_level_id: 'omb_nope' } }));
      assert.deepEqual([missing.status, missing.body.code], [404, 121004]);
      assert.deepEqual((await vc().roomLevel.mget({ data: { level_ids: [HQ3, 'omb_nope', ANNEX] } })).data!.items!.map((l) => l.name), ['3', 'Annex']);
      assert.deepEqual((await vc().roomLevel.search({ params: { custom_level_ids: 'HQ/3,Annex,nowhere' } })).data!.level_ids, [HQ3, ANNEX]);
    });

    test('tokens, scopes and tenants', async () => {
      const user = await sdkFailure(vc().room.list({ params: {} }, await server.asUser('alice')));
      assert.deepEqual([user.status, user.body.code], [400, 99991668]);
      const reader = await sdkFailure(server.client('readonly').vc.v1.room.list({ params: {} }));
      assert.equal(reader.body.code, 99991672);
      assert.match(reader.body.msg, /vc:room:readonly/);
      // No bot needed: the directory is not a calendar API.
      assert.equal((await server.client('nobot').vc.v1.roomLevel.list({ params: {} })).code, 0);
      const globex = server.client('globex').vc.v1;
      assert.deepEqual((await globex.room.list({ params: {} })).data!.rooms, []);
      assert.equal((await sdkFailure(globex.room.get({ path: { room_id: EVEREST } }))).body.code, 121004);
    });
  });
}
