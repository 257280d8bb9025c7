/** Contract: TenancyRepository. Lookups stay inside the scope their id type has (platform.md §6). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredApp } from '../../src/core/ports.js';
import { forEachDialect, newTenant, newUser, unique } from './support/stores.js';

forEachDialect('storage contract: tenancy', (ctx) => {
  test('tenants: insert, exists, get, count', async () => {
    const { store } = ctx();
    const before = await store.tenancy.countTenants();
    const t = await newTenant(store);
    assert.equal(await store.tenancy.tenantExists(t.tenantKey), true);
    assert.equal(await store.tenancy.tenantExists('nope'), false);
    assert.deepEqual(await store.tenancy.getTenant(t.tenantKey), t);
    assert.equal(await store.tenancy.countTenants(), before + 1);
    await assert.rejects(store.tenancy.insertTenant(t));
  });

  test('tenants are listed by key in bounded pages, each starting after the last key of the one before', async () => {
    const { store } = ctx();
    const ours = [await newTenant(store, unique('tl_c')), await newTenant(store, unique('tl_a')), await newTenant(store, unique('tl_b'))];
    const seen = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.tenancy.listTenants({ limit: 2, after });
      assert.ok(page.length <= 2, `a page of ${page.length}`);
      if (page.length === 0) break;
      seen.push(...page);
      after = page.at(-1)!.tenantKey;
    }
    const keys = seen.map((t) => t.tenantKey);
    assert.equal(new Set(keys).size, keys.length, 'no tenant twice');
    assert.equal(seen.length, await store.tenancy.countTenants(), 'every tenant once');
    for (const t of ours) assert.deepEqual(seen.find((s) => s.tenantKey === t.tenantKey), t);
    assert.deepEqual(await store.tenancy.listTenants({ limit: 5, after: keys.at(-1) }), [], 'nothing after the last');
    assert.deepEqual(await store.tenancy.listTenants({ limit: 3 }), seen.slice(0, 3), 'the first page is the start of the order');
  });

  test('user_id is tenant-scoped: the same user_id in two tenants, each found only in its own', async () => {
    const { store } = ctx();
    const [a, b] = [await newTenant(store), await newTenant(store)];
    const inA = await newUser(store, a.tenantKey, { userId: 'alice' });
    const inB = await newUser(store, b.tenantKey, { userId: 'alice' });
    const onlyB = await newUser(store, b.tenantKey, { userId: 'bob' });
    assert.deepEqual(await store.tenancy.findUserByUserId(a.tenantKey, 'alice'), inA);
    assert.deepEqual(await store.tenancy.findUserByUserId(b.tenantKey, 'alice'), inB);
    assert.equal(await store.tenancy.findUserByUserId(a.tenantKey, onlyB.userId), undefined);
    await assert.rejects(newUser(store, a.tenantKey, { userId: 'alice' }), 'user_id is unique within a tenant');
  });

  test('findUsersByUserIdInAnyTenant: every tenant\'s user of that user_id, by tenant key', async () => {
    const { store } = ctx();
    const [a, b] = [await newTenant(store, `b${unique('k')}`), await newTenant(store, `a${unique('k')}`)];
    const userId = unique('shared');
    const inA = await newUser(store, a.tenantKey, { userId });
    const inB = await newUser(store, b.tenantKey, { userId });
    await newUser(store, a.tenantKey);
    assert.deepEqual(await store.tenancy.findUsersByUserIdInAnyTenant(userId), [inB, inA]);
    assert.deepEqual(await store.tenancy.findUsersByUserIdInAnyTenant('nobody'), []);
  });

  test('union_id finds the user across tenants and is unique', async () => {
    const { store } = ctx();
    const t = await newTenant(store);
    const user = await newUser(store, t.tenantKey);
    assert.deepEqual(await store.tenancy.findUserByUnionId(user.unionId), user);
    assert.equal(await store.tenancy.findUserByUnionId('on_missing'), undefined);
    await assert.rejects(newUser(store, t.tenantKey, { unionId: user.unionId }));
  });

  test('open_id is per app: the same open_id means nothing to another app', async () => {
    const { store } = ctx();
    const t = await newTenant(store);
    const user = await newUser(store, t.tenantKey);
    await store.tenancy.insertOpenId('cli_aaaaaaaaaaaaaaaa', user.ref, 'ou_one');
    await store.tenancy.insertOpenId('cli_bbbbbbbbbbbbbbbb', user.ref, 'ou_two');
    assert.deepEqual(await store.tenancy.findUserByOpenId('cli_aaaaaaaaaaaaaaaa', 'ou_one'), user);
    assert.deepEqual(await store.tenancy.findUserByOpenId('cli_bbbbbbbbbbbbbbbb', 'ou_two'), user);
    assert.equal(await store.tenancy.findUserByOpenId('cli_bbbbbbbbbbbbbbbb', 'ou_one'), undefined);
    await assert.rejects(store.tenancy.insertOpenId('cli_aaaaaaaaaaaaaaaa', user.ref, 'ou_three'), 'one open_id per app and user');
  });

  test('emails: tenant-scoped, case-insensitive, empty list answers nothing', async () => {
    const { store } = ctx();
    const [a, b] = [await newTenant(store), await newTenant(store)];
    const ann = await newUser(store, a.tenantKey, { email: 'Ann.Lee@Acme.example' });
    const ben = await newUser(store, a.tenantKey, { email: 'ben@acme.example' });
    await newUser(store, b.tenantKey, { email: 'ben@acme.example' });
    const found = await store.tenancy.findUsersByEmails(a.tenantKey, ['ann.lee@acme.example', 'BEN@acme.example', 'nobody@acme.example']);
    assert.deepEqual(found.map((u) => u.ref).sort(), [ann.ref, ben.ref].sort());
    assert.deepEqual(await store.tenancy.findUsersByEmails(a.tenantKey, []), []);
  });

  test('users: password hash kept apart from the user; list by tenant in user_id order', async () => {
    const { store } = ctx();
    const t = await newTenant(store);
    const zed = await newUser(store, t.tenantKey, { userId: 'zed' });
    const user = { ...zed, ref: unique('usr_'), userId: 'amy', unionId: unique('on_') };
    await store.tenancy.insertUser(user, 'scrypt$hash');
    assert.equal(await store.tenancy.getUserPasswordHash(user.ref), 'scrypt$hash');
    assert.equal(await store.tenancy.getUserPasswordHash(zed.ref), null);
    assert.deepEqual(await store.tenancy.getUser(user.ref), user);
    assert.deepEqual((await store.tenancy.listUsers(t.tenantKey)).map((u) => u.userId), ['amy', 'zed']);
  });

  test('apps: round trip of every field, listed per tenant', async () => {
    const { store } = ctx();
    const [a, b] = [await newTenant(store), await newTenant(store)];
    const app: StoredApp = {
      appId: 'cli_0123456789abcdef', tenantKey: a.tenantKey, name: 'Scheduler', bot: false, scopes: ['calendar:calendar'],
      redirectUris: ['https://example.com/cb'], kind: 'store', number: '7000000000000000001', secretHash: 'scrypt$x',
    };
    await store.tenancy.insertApp(app);
    await store.tenancy.insertApp({ ...app, appId: 'cli_fedcba9876543210', tenantKey: b.tenantKey, bot: true, kind: 'internal' });
    assert.deepEqual(await store.tenancy.getApp(app.appId), app);
    assert.deepEqual((await store.tenancy.listApps(a.tenantKey)).map((x) => x.appId), [app.appId]);
    await assert.rejects(store.tenancy.insertApp(app), 'app_id is unique across tenants');
  });

  test('an app\'s secret hash is replaced in place; other apps keep theirs; an unknown app is false', async () => {
    const { store } = ctx();
    const t = await newTenant(store);
    const app: StoredApp = {
      appId: unique('cli_rot'), tenantKey: t.tenantKey, name: 'Rotated', bot: true, scopes: [], redirectUris: [], kind: 'internal',
      number: '7000000000000000009', secretHash: 'scrypt$old',
    };
    const other = { ...app, appId: unique('cli_keep'), secretHash: 'scrypt$kept' };
    await store.tenancy.insertApp(app);
    await store.tenancy.insertApp(other);
    assert.equal(await store.tenancy.updateAppSecret(app.appId, 'scrypt$new'), true);
    assert.deepEqual(await store.tenancy.getApp(app.appId), { ...app, secretHash: 'scrypt$new' });
    assert.deepEqual(await store.tenancy.getApp(other.appId), other);
    assert.equal(await store.tenancy.updateAppSecret('cli_missing0000000', 'scrypt$x'), false);
    assert.equal(await store.tenancy.getApp('cli_missing0000000'), undefined);
  });

  test('chats keep their members; rooms their details; both listed per tenant', async () => {
    const { store } = ctx();
    const t = await newTenant(store);
    const [u1, u2] = [await newUser(store, t.tenantKey), await newUser(store, t.tenantKey)];
    const chat = { chatId: unique('oc_'), tenantKey: t.tenantKey, name: 'Team', memberRefs: [u1.ref, u2.ref].sort() };
    await store.tenancy.insertChat(chat);
    await store.tenancy.insertChat({ chatId: unique('oc_'), tenantKey: t.tenantKey, name: 'Empty', memberRefs: [] });
    assert.deepEqual(await store.tenancy.getChat(chat.chatId), chat);
    assert.equal((await store.tenancy.listChats(t.tenantKey)).length, 2);
    const room = { roomId: unique('omm_'), tenantKey: t.tenantKey, name: 'Everest', capacity: 12, building: 'HQ', floor: '3', calendarId: 'c@resource', city: 'Beijing', roomLevel: ['HQ', '3'] };
    await store.tenancy.insertRoom(room);
    assert.deepEqual(await store.tenancy.getRoom(room.roomId), room);
    assert.deepEqual(await store.tenancy.listRooms(t.tenantKey), [room]);
    assert.equal(await store.tenancy.getRoom('omm_missing'), undefined);
  });
});
