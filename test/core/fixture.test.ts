/** The fixture format: validation names the bad field by path; loading is all or nothing. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { DomainError } from '../../src/core/errors.js';
import { openIdFor } from '../../src/core/ids.js';
import type { Clock, Store } from '../../src/core/ports.js';
import { parseFixture, validateFixture, type Fixture, type FixtureTenant } from '../../src/core/tenancy/fixture.js';
import { verifySecret } from '../../src/core/tenancy/secrets.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { openStore } from '../../src/storage/store.js';
import type { Database } from '../../src/storage/tables.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { testFixture } from '../support/fixture.js';
import { openRaw } from '../storage/support/stores.js';

const clock: Clock = { now: () => 1_700_000_000_000 };

/** The path of the field validation names, or the error itself when it is something else. */
function badField(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.key === 'invalid') return error.violations[0]!.field;
    throw error;
  }
  assert.fail('expected a validation error');
}

const tenant = (fields: Record<string, unknown> = {}) => ({ name: 'Acme', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@acme.example' }], ...fields });
const withTenant = (fields: Record<string, unknown>) => ({ tenants: [tenant(), tenant({ tenant_key: 'second', ...fields })] });

describe('fixture validation names the exact field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['missing tenants', {}, 'tenants'],
    ['empty tenants', { tenants: [] }, 'tenants'],
    ['an unknown top-level field', { tenants: [tenant()], tenant: [] }, 'tenant'],
    ['a misspelt user field', withTenant({ users: [{ name: 'A', email: 'a@x.example', pasword: 'x' }] }), 'tenants[1].users[0].pasword'],
    ['a bad email', withTenant({ users: [{ name: 'A', email: 'a@x.example' }, { name: 'B', email: 'not-an-email' }] }), 'tenants[1].users[1].email'],
    ['a duplicate user_id', withTenant({ users: [{ user_id: 'a', name: 'A', email: 'a@x.example' }, { user_id: 'a', name: 'B', email: 'b@x.example' }] }), 'tenants[1].users[1].user_id'],
    ['a duplicate email differing in case', withTenant({ users: [{ name: 'A', email: 'a@x.example' }, { name: 'B', email: 'A@X.example' }] }), 'tenants[1].users[1].email'],
    ['a chat member who is not a user of the tenant', withTenant({ chats: [{ name: 'C', members: ['ann', 'ghost'] }] }), 'tenants[1].chats[0].members[1]'],
    ['a chat member from another tenant', { tenants: [tenant({ tenant_key: 'one' }), { tenant_key: 'two', name: 'Two', chats: [{ name: 'C', members: ['ann'] }] }] }, 'tenants[1].chats[0].members[0]'],
    ['an app_id with upper-case hex', withTenant({ apps: [{ name: 'A', app_id: 'cli_A1B2C3D4E5F60718' }] }), 'tenants[1].apps[0].app_id'],
    ['an app_id of 15 hex digits', withTenant({ apps: [{ name: 'A', app_id: 'cli_a1b2c3d4e5f6071' }] }), 'tenants[1].apps[0].app_id'],
    ['an app_id without cli_', withTenant({ apps: [{ name: 'A', app_id: 'a1b2c3d4e5f60718' }] }), 'tenants[1].apps[0].app_id'],
    ['one app_id in two tenants', { tenants: [tenant({ tenant_key: 'one', apps: [{ name: 'A', app_id: 'cli_a1b2c3d4e5f60718' }] }), tenant({ tenant_key: 'two', apps: [{ name: 'B', app_id: 'cli_a1b2c3d4e5f60718' }] })] }, 'tenants[1].apps[0].app_id'],
    ['a negative room capacity', withTenant({ rooms: [{ name: 'R', capacity: -1 }] }), 'tenants[1].rooms[0].capacity'],
    ['a fractional room capacity', withTenant({ rooms: [{ name: 'R', capacity: 2.5 }] }), 'tenants[1].rooms[0].capacity'],
    ['a room capacity given as text', withTenant({ rooms: [{ name: 'R', capacity: '10' }] }), 'tenants[1].rooms[0].capacity'],
    ['a room of capacity 0', withTenant({ rooms: [{ name: 'R', capacity: 0 }] }), 'tenants[1].rooms[0].capacity'],
    ['an unknown app type', withTenant({ apps: [{ name: 'A', type: 'marketplace' }] }), 'tenants[1].apps[0].type'],
    ['a bad timezone', withTenant({ users: [{ name: 'A', email: 'a@x.example', timezone: 'Mars/Olympus' }] }), 'tenants[1].users[0].timezone'],
    ['a relative redirect URI', withTenant({ apps: [{ name: 'A', redirect_uris: ['https://ok.example/cb', '/callback'] }] }), 'tenants[1].apps[0].redirect_uris[1]'],
    ['a javascript: redirect URI', withTenant({ apps: [{ name: 'A', redirect_uris: ['javascript:alert(1)'] }] }), 'tenants[1].apps[0].redirect_uris[0]'],
    ['an unknown event type', withTenant({ apps: [{ name: 'A', events: { request_url: 'http://127.0.0.1:9000/e', types: ['calendar.calendar.changed_v4', 'im.message.receive_v1'] } }] }), 'tenants[1].apps[0].events.types[1]'],
    ['a webhook without a request URL', withTenant({ apps: [{ name: 'A', events: { delivery: 'webhook' } }] }), 'tenants[1].apps[0].events.request_url'],
    ['a request URL that is not http(s)', withTenant({ apps: [{ name: 'A', events: { request_url: 'ftp://example.com/e' } }] }), 'tenants[1].apps[0].events.request_url'],
    ['a long connection for a store app', withTenant({ apps: [{ name: 'A', type: 'store', events: { delivery: 'long_connection' } }] }), 'tenants[1].apps[0].events.delivery'],
    ['an unknown delivery', withTenant({ apps: [{ name: 'A', events: { delivery: 'email' } }] }), 'tenants[1].apps[0].events.delivery'],
    ['a misspelt events field', withTenant({ apps: [{ name: 'A', events: { delivery: 'long_connection', encrypt: 'k' } }] }), 'tenants[1].apps[0].events.encrypt'],
    ['two tenants without keys sharing a name', { tenants: [{ name: 'Same' }, { name: 'Same' }] }, 'tenants[1].name'],
    ['a duplicate tenant_key', { tenants: [{ tenant_key: 'k1', name: 'A' }, { tenant_key: 'k1', name: 'B' }] }, 'tenants[1].tenant_key'],
    ['a tenant that is not an object', { tenants: [tenant(), 'acme'] }, 'tenants[1]'],
  ];
  for (const [name, raw, field] of cases) {
    test(name, () => assert.equal(badField(() => validateFixture(raw)), field));
  }

  test('text that is not JSON', () => {
    assert.equal(badField(() => parseFixture('{"tenants": [')), '$');
  });

  test('a good fixture passes, with defaults filled in and zones spelt canonically', () => {
    const fixture = validateFixture({ tenants: [tenant({ users: [{ name: 'A', email: 'a@x.example', timezone: 'asia/shanghai' }], apps: [{ name: 'App' }] })] });
    assert.equal(fixture.tenants[0]!.users![0]!.timezone, 'Asia/Shanghai');
    assert.deepEqual(fixture.tenants[0]!.apps![0], { name: 'App', bot: true, type: 'internal', scopes: [], redirect_uris: [] });
  });

  test('a validated fixture validates again unchanged (loadFixture re-checks what it is given)', () => {
    const once = validateFixture(testFixture());
    assert.deepEqual(validateFixture(once), once);
    const sparse = validateFixture({ tenants: [tenant({ rooms: [{ name: 'R' }], chats: [{ name: 'C', members: [] }], apps: [{ name: 'A' }] })] });
    assert.deepEqual(validateFixture(sparse), sparse);
  });
});

for (const dialect of DIALECTS) {
  describe(`fixture loading (${dialect})`, () => {
    let database: TestDatabase;
    let store: Store;
    let raw: Kysely<Database>;
    before(async () => {
      database = await freshDatabase(dialect);
      store = await openStore(database.url);
      raw = openRaw(database.url);
    });
    after(async () => {
      await raw.destroy();
      await store.close();
      await database.drop();
    });

    const acme: FixtureTenant = {
      tenant_key: 'acme0001', name: 'Acme', domain: 'acme',
      users: [
        { user_id: 'alice', union_id: 'on_alice', name: 'Alice Wang', email: 'alice@acme.example', password: 'alice-pw' },
        { name: 'Generated Gus', email: 'gus@acme.example' },
      ],
      chats: [{ chat_id: 'oc_given', name: 'Given', members: ['alice'] }, { name: 'Generated', members: [] }],
      rooms: [{ room_id: 'omm_given', name: 'Everest', capacity: 8 }, { name: 'Kilimanjaro' }],
      apps: [
        { app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'plain-secret-123', name: 'Scheduler', bot: true },
        { name: 'Headless', bot: false },
      ],
    };
    let loaded: Awaited<ReturnType<typeof loadFixture>>;
    before(async () => {
      loaded = await loadFixture(store, { tenants: [acme] }, clock);
    });

    test('ids given are kept; generated ids have Feishu\'s formats', async () => {
      const users = await store.tenancy.listUsers('acme0001');
      const alice = users.find((u) => u.userId === 'alice')!;
      const gus = users.find((u) => u.name === 'Generated Gus')!;
      assert.equal(alice.unionId, 'on_alice');
      assert.match(gus.unionId, /^on_[0-9a-f]{32}$/);
      assert.match(gus.userId, /^[a-z0-9]{8}$/);
      const chats = await store.tenancy.listChats('acme0001');
      assert.ok(chats.some((c) => c.chatId === 'oc_given' && c.memberRefs.length === 1 && c.memberRefs[0] === alice.ref));
      assert.match(chats.find((c) => c.name === 'Generated')!.chatId, /^oc_[0-9a-f]{32}$/);
      const rooms = await store.tenancy.listRooms('acme0001');
      assert.equal(rooms.find((r) => r.name === 'Everest')!.roomId, 'omm_given');
      assert.match(rooms.find((r) => r.name === 'Kilimanjaro')!.roomId, /^omm_[0-9a-f]{32}$/);
      const apps = await store.tenancy.listApps('acme0001');
      assert.ok(apps.some((a) => a.appId === 'cli_a1b2c3d4e5f60718'));
      assert.match(apps.find((a) => a.name === 'Headless')!.appId, /^cli_[0-9a-f]{16}$/);
      const openIds = await raw.selectFrom('user_open_ids').select('open_id').execute();
      assert.equal(openIds.length, 4, 'one per user and app');
      for (const { open_id } of openIds) assert.match(open_id, /^ou_[0-9a-f]{32}$/);
    });

    test('open_id differs between apps, is stable, and finds the user through its app only', async () => {
      const alice = (await store.tenancy.findUserByUserId('acme0001', 'alice'))!;
      const [a, b] = (await store.tenancy.listApps('acme0001')).map((x) => x.appId) as [string, string];
      assert.notEqual(openIdFor(a, alice.ref), openIdFor(b, alice.ref));
      assert.equal(openIdFor(a, alice.ref), openIdFor(a, alice.ref));
      assert.deepEqual(await store.tenancy.findUserByOpenId(a, openIdFor(a, alice.ref)), alice);
      assert.equal(await store.tenancy.findUserByOpenId(b, openIdFor(a, alice.ref)), undefined);
    });

    test('every user and every bot app owns a primary calendar named after it; rooms get resource calendars', async () => {
      for (const user of await store.tenancy.listUsers('acme0001')) {
        const primary = await store.calendars.primaryOf(`user:${user.ref}`);
        assert.equal(primary?.summary, user.name);
        assert.equal((await store.calendars.listSubscribed(`user:${user.ref}`, 0, 10))[0]?.[0].calendarId, primary?.calendarId);
      }
      const apps = await store.tenancy.listApps('acme0001');
      assert.equal((await store.calendars.primaryOf(`app:${apps.find((a) => a.bot)!.appId}`))?.summary, 'Scheduler');
      assert.equal(await store.calendars.primaryOf(`app:${apps.find((a) => !a.bot)!.appId}`), undefined);
      for (const room of await store.tenancy.listRooms('acme0001')) {
        const cal = await store.calendars.get(room.calendarId);
        assert.deepEqual([cal?.type, cal?.summary, cal?.owner], ['resource', room.name, `room:${room.roomId}`]);
      }
    });

    test('app secrets and passwords are stored hashed, never in plain text', async () => {
      const app = await raw.selectFrom('apps').selectAll().where('app_id', '=', 'cli_a1b2c3d4e5f60718').executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(app).includes('plain-secret-123'));
      assert.match(app.secret_hash, /^scrypt\$16384\$8\$1\$/, 'seeded at the production cost unless told otherwise');
      assert.ok(await verifySecret('plain-secret-123', app.secret_hash));
      const generated = loaded.loaded[0]!.apps.find((a) => a.name === 'Headless')!;
      assert.equal(generated.generatedSecret, true);
      const headless = await raw.selectFrom('apps').select('secret_hash').where('app_id', '=', generated.appId).executeTakeFirstOrThrow();
      assert.ok(!headless.secret_hash.includes(generated.appSecret) && (await verifySecret(generated.appSecret, headless.secret_hash)));
      const users = await raw.selectFrom('users').select(['user_id', 'password_hash']).where('tenant_key', '=', 'acme0001').execute();
      const alice = users.find((u) => u.user_id === 'alice')!;
      assert.ok(!alice.password_hash!.includes('alice-pw') && (await verifySecret('alice-pw', alice.password_hash!)));
      assert.equal(users.find((u) => u.user_id !== 'alice')!.password_hash, null);
    });

    test('loading again passes over the tenants already present and loads the new ones', async () => {
      const again = await loadFixture(store, { tenants: [acme, { tenant_key: 'newco001', name: 'NewCo' }] }, clock);
      assert.deepEqual(again.skipped, ['acme0001']);
      assert.deepEqual(again.loaded.map((t) => t.tenantKey), ['newco001']);
      assert.equal((await store.tenancy.listUsers('acme0001')).length, 2);
    });

    const nothingOf = async (tenantKey: string, head: number) => {
      assert.equal(await store.tenancy.tenantExists(tenantKey), false);
      assert.deepEqual(await store.tenancy.listUsers(tenantKey), []);
      assert.deepEqual(await store.tenancy.listApps(tenantKey), []);
      assert.equal(await store.tenancy.findUserByUnionId('on_first'), undefined);
      assert.equal(await store.changes.head(), head);
    };
    const first: FixtureTenant = { tenant_key: 'first001', name: 'First', users: [{ union_id: 'on_first', name: 'F', email: 'f@first.example' }], apps: [{ name: 'F' }] };

    test('an invalid fixture loads nothing, not even its valid first tenant', async () => {
      const head = await store.changes.head();
      const bad = { tenants: [first, { tenant_key: 'second01', name: 'Second', users: [{ name: 'S', email: 'nope' }] }] } as Fixture;
      await assert.rejects(loadFixture(store, bad, clock), (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'tenants[1].users[0].email');
      await nothingOf('first001', head);
    });

    test('a fixture that clashes with the database rolls back whole: nothing of its first tenant remains', async () => {
      const head = await store.changes.head();
      const clash = { tenants: [first, { tenant_key: 'second01', name: 'Second', apps: [{ name: 'Thief', app_id: 'cli_a1b2c3d4e5f60718' }] }] };
      await assert.rejects(loadFixture(store, clash, clock), (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'tenants[1].apps[0].app_id');
      await nothingOf('first001', head);
      const unionClash = { tenants: [first, { tenant_key: 'second01', name: 'Second', users: [{ union_id: 'on_alice', name: 'S', email: 's@x.example' }] }] };
      await assert.rejects(loadFixture(store, unionClash, clock), (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'tenants[1].users[0].union_id');
      await nothingOf('first001', head);
      const roomClash = { tenants: [first, { tenant_key: 'second01', name: 'Second', rooms: [{ room_id: 'omm_given', name: 'R' }] }] };
      await assert.rejects(loadFixture(store, roomClash, clock), (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'tenants[1].rooms[0].room_id');
      await nothingOf('first001', head);
    });
  });
}
