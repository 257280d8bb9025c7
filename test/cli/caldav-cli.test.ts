/** `larkcal caldav list|revoke`, run as a user runs it, on a database holding device credentials. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock, type Store } from '../../src/core/ports.js';
import { CaldavCredentialService, caldavUserName } from '../../src/core/tenancy/caldav-credentials.js';
import { parseFixture } from '../../src/core/tenancy/fixture.js';
import type { Identity } from '../../src/core/tenancy/model.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { DIALECTS, freshDatabase, type TestDatabase, withStore } from '../support/database.js';
import { ACME, APPS, GLOBEX, testFixture } from '../support/fixture.js';
import { larkcal } from './larkcal-process.js';

const CHEAP = { N: 2 ** 4, r: 1, p: 1 };


/** The user's identity through the fixture's scheduler app (Acme) or Globex's app. */
async function identityOf(store: Store, tenantKey: string, userId: string): Promise<Identity & { kind: 'user' }> {
  const user = (await store.tenancy.findUserByUserId(tenantKey, userId))!;
  const appId = tenantKey === ACME ? APPS.full.app_id : APPS.globex.app_id;
  return { kind: 'user', tenantKey, appId, userRef: user.ref, scopes: ['calendar:calendar'] };
}

for (const dialect of DIALECTS) {
  describe(`larkcal caldav (${dialect})`, () => {
    let database: TestDatabase;
    const issued: Record<string, { user_name: string; password: string }> = {};
    let bobRef = '';
    before(async () => {
      database = await freshDatabase(dialect);
      const fixture = testFixture();
      // Globex has a user_id `bob` too: user_ids are tenant-scoped.
      fixture.tenants[1]!.users!.push({ user_id: 'bob', name: 'Bob Globex', email: 'bob@globex.example' });
      await withStore(database, async (store) => {
        await loadFixture(store, parseFixture(JSON.stringify(fixture)), systemClock);
        const service = new CaldavCredentialService(store, systemClock, { hashCost: CHEAP });
        const alice = await identityOf(store, ACME, 'alice');
        issued.phone = await service.issue(alice, 'iPhone');
        issued.mac = await service.issue(alice, 'Mac "work"');
        issued.unnamed = await service.issue(alice);
        const bob = await identityOf(store, ACME, 'bob');
        bobRef = bob.userRef;
        issued.bob = await service.issue(bob, 'Pixel');
        issued.bob2 = await service.issue(bob, 'Tablet');
      });
    });
    after(() => database.drop());

    const run = (...args: string[]) => larkcal(['caldav', ...args, '--db', database.text]);
    const verify = (key: string) => withStore(database, (store) => new CaldavCredentialService(store, systemClock).verify(issued[key]!.user_name, issued[key]!.password));

    test('list prints each device with its id, app and creation time, never a password', async () => {
      const { code, stdout, stderr } = await run('list', '--user', 'alice');
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines[0], `alice (tenant ${ACME}, CalDAV user name ${issued.phone!.user_name}): 3 CalDAV credentials, oldest first:`);
      assert.deepEqual(lines.slice(1).map((l) => l.replace(/cdc_[A-Za-z0-9]{16}/, 'ID').replace(/created \S+$/, 'created T')),
        ['  ID  "iPhone"  via cli_a1b2c3d4e5f60718  created T', '  ID  "Mac \\"work\\""  via cli_a1b2c3d4e5f60718  created T', '  ID  (no name)  via cli_a1b2c3d4e5f60718  created T']);
      for (const key of ['phone', 'mac', 'unnamed']) assert.equal(stdout.includes(issued[key]!.password), false);
      const byName = await run('list', '--user', issued.phone!.user_name);
      assert.equal(byName.stdout, stdout, 'the CalDAV user name finds the user too');
      const none = await run('list', '--user', 'carol');
      assert.equal(none.stdout.trim(), `carol (tenant ${ACME}, CalDAV user name ${(await withStore(database, async (s) => caldavUserName((await s.tenancy.findUserByUserId(ACME, 'carol'))!.ref)))}): no CalDAV credentials (POST /open-apis/calendar/v4/settings/generate_caldav_conf makes one)`);
    });

    test('revoke --device takes one device by name or by id; the others keep working', async () => {
      assert.notEqual(await verify('phone'), null);
      const { code, stdout, stderr } = await run('revoke', '--user', 'alice', '--device', 'iPhone');
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), `alice (tenant ${ACME}, CalDAV user name ${issued.phone!.user_name}): revoked the CalDAV credential "iPhone"`);
      assert.equal(await verify('phone'), null);
      assert.notEqual(await verify('mac'), null);
      const id = /cdc_[A-Za-z0-9]{16}/.exec((await run('list', '--user', 'alice')).stdout)![0];
      assert.equal((await run('revoke', '--user', 'alice', '--device', id)).code, 0);
      assert.equal(await verify('mac'), null);
      assert.notEqual(await verify('unnamed'), null);
      const again = await run('revoke', '--user', 'alice', '--device', 'iPhone');
      assert.equal(again.code, 1);
      assert.match(again.stderr, /^larkcal: alice \(tenant .*\) has no CalDAV credential "iPhone" \(a device name or a cdc_ id; larkcal caldav list --user alice shows them\)\n$/);
    });

    test('a user_id two tenants share needs --tenant; revoke without --device takes every credential', async () => {
      const ambiguous = await run('revoke', '--user', 'bob');
      assert.equal(ambiguous.code, 1);
      assert.equal(ambiguous.stderr, `larkcal: user_id bob is in 2 tenants (${[ACME, GLOBEX].sort().join(', ')}); name one with --tenant TENANT_KEY\n`);
      assert.notEqual(await verify('bob'), null, 'nothing revoked');
      const all = await run('revoke', '--user', 'bob', '--tenant', ACME);
      assert.equal(all.code, 0, all.stderr);
      assert.equal(all.stdout.trim(), `bob (tenant ${ACME}, CalDAV user name ${caldavUserName(bobRef)}): revoked 2 CalDAV credentials`);
      assert.equal(await verify('bob'), null);
      assert.equal(await verify('bob2'), null);
    });

    test('refusals: no --user, an unknown user, an unknown subcommand, --device on list', async () => {
      const cases: Array<[string[], string]> = [
        [['list'], 'caldav list needs --user USER_ID'],
        [['list', '--user', 'nobody'], 'no user nobody in this database (give a user_id, with --tenant TENANT_KEY when tenants share it, or a CalDAV user name)'],
        [['list', '--user', 'alice', '--tenant', GLOBEX], `no user alice in tenant ${GLOBEX}`],
        [['show', '--user', 'alice'], 'unknown command "caldav show"; larkcal caldav list|revoke --user USER_ID, see larkcal help'],
        [['list', '--user', 'alice', '--device', 'x'], 'caldav list takes no --device (it lists them all)'],
        [['revoke', '--user', 'alice', '--device', ''], '--device: must not be empty'],
      ];
      for (const [args, message] of cases) {
        const { code, stderr } = await run(...args);
        assert.deepEqual([code, stderr], [1, `larkcal: ${message}\n`], args.join(' '));
      }
    });
  });
}
