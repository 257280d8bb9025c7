/** Calendar ACLs (calendars.md §4): create, delete, list, and their event subscriptions. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openIdFor } from '../../src/core/ids.js';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { DIALECTS } from '../support/database.js';
import { ACME, APPS, testFixture } from '../support/fixture.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

/** The shared fixture plus enough people to page an ACL list. */
function crowdFixture(): Fixture {
  const fixture = testFixture();
  const acme = fixture.tenants[0]!;
  for (let i = 0; i < 24; i++) acme.users!.push({ user_id: `member${i}`, name: `Member ${i}`, email: `member${i}@acme.example` });
  return fixture;
}

for (const dialect of DIALECTS) {
  describe(`calendar ACLs (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, fixture: crowdFixture() });
    });
    after(() => server.close());

    const acl = () => server.client().calendar.v4.calendarAcl;
    const create = async (userId: string, permissions: 'public' | 'private' | 'show_only_free_busy' = 'private') =>
      (await server.client().calendar.v4.calendar.create({ data: { summary: 'Shared', permissions } }, await server.asUser(userId))).data!.calendar!.calendar_id;
    const ref = async (userId: string) => (await server.store.tenancy.findUserByUserId(ACME, userId))!.ref;

    test('create returns the ACL itself as data; the member can then read the private calendar', async () => {
      const id = await create('alice');
      const bob = await server.asUser('bob');
      const before = await sdkFailure(server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, bob));
      assert.deepEqual([before.status, before.body.code], [403, 191002]);

      const res = await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'writer', scope: { type: 'user', user_id: 'bob' } } }, await server.asUser('alice'));
      assert.equal(res.code, 0);
      assert.match(res.data!.acl_id!, /^user_\d{19}$/);
      assert.deepEqual({ ...res.data, acl_id: 'x' }, { acl_id: 'x', role: 'writer', scope: { type: 'user', user_id: 'bob' } });

      const after = await server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, bob);
      assert.equal(after.data!.role, 'writer');
      // The shared calendar joins the member's list.
      const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
      assert.ok(list.data!.calendar_list!.some((c) => c.calendar_id === id));
    });

    test('one ACL per user: creating again replaces the role and keeps the acl_id', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      const first = await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'carol' } } }, alice);
      const second = await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'owner', scope: { type: 'user', user_id: 'carol' } } }, alice);
      assert.equal(second.data!.acl_id, first.data!.acl_id);
      assert.equal(second.data!.role, 'owner');
      const listed = await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'user_id' } }, alice);
      assert.deepEqual(listed.data!.acls!.map((a) => [a.scope!.user_id, a.role]), [['alice', 'owner'], ['carol', 'owner']]);
      // Carol, now an owner, can manage the calendar.
      const carol = await server.asUser('carol');
      const patched = await server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { summary: 'Carol was here' } }, carol);
      assert.equal(patched.data!.calendar!.summary, 'Carol was here');
    });

    test('scope.user_id in the requested id type: open_id (default) is per app', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      const daveOpenId = openIdFor(APPS.full.app_id, await ref('dave'));
      const res = await acl().create({ path: { calendar_id: id }, data: { role: 'reader', scope: { type: 'user', user_id: daveOpenId } } }, alice);
      assert.equal(res.data!.scope!.user_id, daveOpenId);
      const asUnion = await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'union_id' } }, alice);
      const dave = await server.store.tenancy.findUserByUserId(ACME, 'dave');
      assert.ok(asUnion.data!.acls!.some((a) => a.scope!.user_id === dave!.unionId));
      // Another app's open_id for the same user is not valid for this app.
      const otherAppsId = openIdFor(APPS.readonly.app_id, await ref('dave'));
      const bad = await sdkFailure(acl().create({ path: { calendar_id: id }, data: { role: 'reader', scope: { type: 'user', user_id: otherAppsId } } }, alice));
      assert.deepEqual([bad.status, bad.body.code], [404, 195100]);
    });

    test('only the owner manages ACLs (191002); rooms have none (191004)', async () => {
      const id = await create('alice', 'public');
      const bob = await server.asUser('bob');
      for (const call of [
        () => acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'owner', scope: { type: 'user', user_id: 'bob' } } }, bob),
        () => acl().list({ path: { calendar_id: id } }, bob),
        () => acl().delete({ path: { calendar_id: id, acl_id: 'user_1' } }, bob),
      ]) {
        const res = await sdkFailure(call());
        assert.deepEqual([res.status, res.body.code, res.body.msg], [403, 191002, 'no calendar access_role']);
      }
      const room = await server.store.tenancy.getRoom('omm_83d09ad4f6896e02029a6a075f71c9d1');
      const res = await sdkFailure(acl().list({ path: { calendar_id: room!.calendarId } }));
      assert.deepEqual([res.status, res.body.code], [403, 191004]);
    });

    test('delete: unknown acl_id → 192000; removing the member takes a private calendar away', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      const missing = await sdkFailure(acl().delete({ path: { calendar_id: id, acl_id: 'user_0000' } }, alice));
      assert.deepEqual([missing.status, missing.body.code, missing.body.msg], [404, 192000, 'acl not found']);
      const granted = await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'bob' } } }, alice);
      const ok = await acl().delete({ path: { calendar_id: id, acl_id: granted.data!.acl_id! } }, alice);
      assert.deepEqual(ok, { code: 0, msg: 'success', data: {} });
      const bob = await server.asUser('bob');
      const gone = await sdkFailure(server.client().calendar.v4.calendar.get({ path: { calendar_id: id } }, bob));
      assert.equal(gone.body.code, 191002);
      const list = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } }, bob);
      assert.equal(list.data!.calendar_list!.some((c) => c.calendar_id === id), false);
    });

    test("the owner's ACL on a primary calendar cannot be removed or downgraded", async () => {
      const alice = await server.asUser('alice');
      const primary = (await server.client().calendar.v4.calendar.primary({}, alice)).data!.calendars![0]!.calendar!.calendar_id;
      const listed = await acl().list({ path: { calendar_id: primary }, params: { user_id_type: 'user_id' } }, alice);
      assert.deepEqual(listed.data!.acls!.map((a) => [a.scope!.user_id, a.role]), [['alice', 'owner']]);
      const remove = await sdkFailure(acl().delete({ path: { calendar_id: primary, acl_id: listed.data!.acls![0]!.acl_id! } }, alice));
      assert.deepEqual([remove.status, remove.body.code], [400, 190002]);
      const downgrade = await sdkFailure(acl().create({ path: { calendar_id: primary }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'alice' } } }, alice));
      assert.deepEqual([downgrade.status, downgrade.body.code], [400, 190002]);
    });

    test('the last owner of a shared calendar can neither downgrade nor remove their ACL; with a second owner both may', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      const owners = async () => (await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'user_id' } }, alice)).data!.acls!
        .map((a) => [a.scope!.user_id, a.role]);
      const aliceAcl = (await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'user_id' } }, alice)).data!.acls![0]!.acl_id!;
      for (const role of ['reader', 'writer', 'free_busy_reader'] as const) {
        const downgrade = await sdkFailure(acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role, scope: { type: 'user', user_id: 'alice' } } }, alice));
        assert.deepEqual([downgrade.status, downgrade.body.code, downgrade.body.error.field_violations[0].field], [400, 190002, 'role'], role);
        assert.match(downgrade.body.error.field_violations[0].description, /at least one owner/);
      }
      const remove = await sdkFailure(acl().delete({ path: { calendar_id: id, acl_id: aliceAcl } }, alice));
      assert.deepEqual([remove.status, remove.body.code, remove.body.error.field_violations[0].field], [400, 190002, 'acl_id']);
      assert.deepEqual(await owners(), [['alice', 'owner']]);
      // Still hers to manage.
      assert.equal((await server.client().calendar.v4.calendar.patch({ path: { calendar_id: id }, data: { summary: 'Still owned' } }, alice)).code, 0);

      // With Dave as a second owner, Alice may step down, and then Dave may not.
      await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'owner', scope: { type: 'user', user_id: 'dave' } } }, alice);
      const down = await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: 'alice' } } }, alice);
      assert.equal(down.data!.role, 'reader');
      const dave = await server.asUser('dave');
      const daveAcl = (await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'user_id' } }, dave)).data!.acls!.find((a) => a.scope!.user_id === 'dave')!.acl_id!;
      const last = await sdkFailure(acl().delete({ path: { calendar_id: id, acl_id: daveAcl } }, dave));
      assert.deepEqual([last.status, last.body.code], [400, 190002]);
      const listed = (await acl().list({ path: { calendar_id: id }, params: { user_id_type: 'user_id' } }, dave)).data!.acls!.map((a) => [a.scope!.user_id, a.role]);
      assert.deepEqual(listed, [['alice', 'reader'], ['dave', 'owner']]);
      // Removing the other, non-owner ACL stays allowed.
      assert.equal((await acl().delete({ path: { calendar_id: id, acl_id: aliceAcl } }, dave)).code, 0);
    });

    test('list pages: default 20, at most 50, below 10 treated as 10, has_more and page_token', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      for (let i = 0; i < 24; i++) {
        await acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: { role: 'reader', scope: { type: 'user', user_id: `member${i}` } } }, alice);
      }
      const first = await acl().list({ path: { calendar_id: id } }, alice);
      assert.equal(first.data!.acls!.length, 20);
      assert.equal(first.data!.has_more, true);
      const rest = await acl().list({ path: { calendar_id: id }, params: { page_token: first.data!.page_token } }, alice);
      assert.equal(rest.data!.acls!.length, 5);
      assert.equal(rest.data!.has_more, false);
      assert.equal('page_token' in rest.data!, false);
      const small = await acl().list({ path: { calendar_id: id }, params: { page_size: 3 } }, alice);
      assert.equal(small.data!.acls!.length, 10);
      const all = [];
      for await (const page of await acl().listWithIterator({ path: { calendar_id: id }, params: { page_size: 10 } }, alice)) all.push(...(page?.acls ?? []));
      assert.equal(all.length, 25);
      assert.equal(new Set(all.map((a) => a.acl_id)).size, 25);
      const tooBig = await sdkFailure(acl().list({ path: { calendar_id: id }, params: { page_size: 51 } }, alice));
      assert.deepEqual([tooBig.status, tooBig.body.code], [400, 190002]);
    });

    test('validation: unknown role, `unknown` as input, missing scope → 190002 naming the field', async () => {
      const id = await create('alice');
      const alice = await server.asUser('alice');
      const cases: Array<[unknown, string]> = [
        [{ role: 'unknown', scope: { type: 'user', user_id: 'bob' } }, 'role'],
        [{ role: 'boss', scope: { type: 'user', user_id: 'bob' } }, 'role'],
        [{ role: 'reader' }, 'scope'],
        [{ role: 'reader', scope: { type: 'group', user_id: 'bob' } }, 'scope.type'],
      ];
      for (const [data, field] of cases) {
        const res = await sdkFailure(acl().create({ path: { calendar_id: id }, params: { user_id_type: 'user_id' }, data: data as never }, alice));
        assert.deepEqual([res.status, res.body.code, res.body.error.field_violations[0].field], [400, 190002, field], JSON.stringify(data));
      }
    });

    test('ACL change events: user token only, any access to the calendar', async () => {
      const id = await create('alice', 'public');
      const bob = await server.asUser('bob');
      const sub = await acl().subscription({ path: { calendar_id: id } }, bob);
      assert.deepEqual(sub, { code: 0, msg: 'success', data: {} });
      assert.equal(await server.store.eventSubscriptions.exists(APPS.full.app_id, `user:${await ref('bob')}`, 'acl', id), true);
      const unsub = await acl().unsubscription({ path: { calendar_id: id } }, bob);
      assert.equal(unsub.code, 0);
      assert.equal(await server.store.eventSubscriptions.exists(APPS.full.app_id, `user:${await ref('bob')}`, 'acl', id), false);
      const privateId = await create('alice', 'private');
      const denied = await sdkFailure(acl().subscription({ path: { calendar_id: privateId } }, bob));
      assert.deepEqual([denied.status, denied.body.code], [403, 191002]);
      const tenant = await sdkFailure(acl().subscription({ path: { calendar_id: id } }));
      assert.deepEqual([tenant.status, tenant.body.code, tenant.body.msg], [400, 99991663, 'tenant access token not support']);
    });
  });
}
