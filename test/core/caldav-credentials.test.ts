/** CaldavCredentialService on both dialects: issue, replace, side by side, revoke, and who stops verifying. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import { tokensRevoked } from '../../src/core/sandbox/revocations.js';
import { CALDAV_SCOPES, CaldavCredentialService, caldavUserName, type CaldavCredentialOptions } from '../../src/core/tenancy/caldav-credentials.js';
import type { Identity } from '../../src/core/tenancy/model.js';
import { forEachDialect, newTenant, newUser, openRaw } from '../storage/support/stores.js';

const CHEAP = { N: 2 ** 4, r: 1, p: 1 };
let tick = 1_700_000_000_000;
/** A clock a millisecond on at each reading, so credentials list in the order they were made. */
const clock = { now: () => ++tick };

forEachDialect('caldav credentials', (ctx) => {
  async function setup(options: CaldavCredentialOptions = {}) {
    const { store } = ctx();
    const tenant = await newTenant(store);
    const user = await newUser(store, tenant.tenantKey);
    const identity: Identity = { kind: 'user', tenantKey: tenant.tenantKey, appId: 'cli_caldav', userRef: user.ref, scopes: ['calendar:calendar'] };
    const service = new CaldavCredentialService(store, clock, { hashCost: CHEAP, serverAddress: () => 'http://dav.example:8080', ...options });
    const expected = { kind: 'user', tenantKey: tenant.tenantKey, appId: 'cli_caldav', userRef: user.ref, scopes: CALDAV_SCOPES };
    return { store, tenant, user, identity, service, expected };
  }

  test('issue answers a random password, the user name, the server address and the device name; verify gives the user identity', async () => {
    const { identity, service, expected, user } = await setup();
    const issued = await service.issue(identity, 'iPhone');
    assert.match(issued.password, /^[A-Za-z0-9]{24}$/);
    assert.deepEqual({ ...issued, password: '' }, { password: '', user_name: caldavUserName(user.ref), server_address: 'http://dav.example:8080', device_name: 'iPhone' });
    assert.match(issued.user_name, /^u_[a-z0-9]{10}$/);
    assert.deepEqual(await service.verify(issued.user_name, issued.password), expected);
    assert.deepEqual(await service.verify(issued.user_name.toUpperCase(), issued.password), expected, 'a user name typed in capitals');
    assert.equal(await service.verify(issued.user_name, `${issued.password}x`), null);
    assert.equal(await service.verify('u_nobody0000', issued.password), null);
    assert.equal(await service.verify('', ''), null);
    const again = await service.issue(identity, 'iPad');
    assert.notEqual(again.password, issued.password);
    assert.equal(again.user_name, issued.user_name, 'one user name per user');
  });

  test('the password is stored as a scrypt digest, never in clear', async () => {
    const { store, identity, service } = await setup();
    const issued = await service.issue(identity, 'Thunderbird');
    const raw = openRaw(ctx().database.url);
    try {
      const rows = await raw.selectFrom('caldav_credentials').selectAll().where('user_ref', '=', identity.kind === 'user' ? identity.userRef : '').execute();
      assert.equal(rows.length, 1);
      assert.match(rows[0]!.password_hash, /^scrypt\$16\$1\$1\$/);
      assert.equal(JSON.stringify(rows).includes(issued.password), false);
    } finally {
      await raw.destroy();
    }
    assert.equal((await store.caldavCredentials.listByUser(rows0(identity))).length, 1);
  });

  test('the same device name replaces that device\'s password; other devices keep theirs', async () => {
    const { identity, service, expected } = await setup();
    const phone = await service.issue(identity, 'iPhone');
    const mac = await service.issue(identity, 'Mac');
    const unnamed = await service.issue(identity);
    assert.equal(unnamed.device_name, '');
    assert.deepEqual(await service.verify(phone.user_name, phone.password), expected, 'verified once, so kept in the memo');
    const phone2 = await service.issue(identity, 'iPhone');
    assert.equal(await service.verify(phone.user_name, phone.password), null, 'the replaced password, memo or not');
    assert.deepEqual(await service.verify(phone2.user_name, phone2.password), expected);
    assert.deepEqual(await service.verify(mac.user_name, mac.password), expected);
    assert.deepEqual(await service.verify(unnamed.user_name, unnamed.password), expected);
    assert.deepEqual((await service.list(rows0(identity))).map((c) => c.deviceName), ['Mac', '', 'iPhone']);
  });

  test('revoke by device name or by id; the revoked password stops at once, the others work on', async () => {
    const { identity, service, expected } = await setup();
    const phone = await service.issue(identity, 'iPhone');
    const mac = await service.issue(identity, 'Mac');
    assert.deepEqual(await service.verify(phone.user_name, phone.password), expected);
    assert.equal(await service.revoke(rows0(identity), 'iPhone'), true);
    assert.equal(await service.verify(phone.user_name, phone.password), null);
    assert.equal(await service.revoke(rows0(identity), 'iPhone'), false, 'nothing left to revoke');
    const [macInfo] = await service.list(rows0(identity));
    assert.equal(macInfo?.deviceName, 'Mac');
    assert.equal(await service.revoke('usr_someone_else', macInfo!.credentialId), false, 'another user cannot revoke it');
    assert.deepEqual(await service.verify(mac.user_name, mac.password), expected);
    assert.equal(await service.revoke(rows0(identity), macInfo!.credentialId), true);
    assert.equal(await service.verify(mac.user_name, mac.password), null);
    assert.deepEqual(await service.list(rows0(identity)), []);
  });

  test('a revocation by another process is seen once the memo is read again', async () => {
    const { identity, service, expected } = await setup({ memoMs: 0 });
    const other = new CaldavCredentialService(ctx().store, clock, { hashCost: CHEAP });
    const phone = await service.issue(identity, 'iPhone');
    assert.deepEqual(await service.verify(phone.user_name, phone.password), expected);
    assert.equal(await other.revoke(rows0(identity), 'iPhone'), true);
    assert.equal(await service.verify(phone.user_name, phone.password), null);
  });

  test('a deleted user, or one who left the tenant, verifies no more', async () => {
    const { store, identity, service, expected, user } = await setup({ memoMs: 0 });
    const phone = await service.issue(identity, 'iPhone');
    const second = await newUser(store, identity.tenantKey);
    const secondIdentity: Identity = { ...identity, userRef: second.ref } as Identity;
    const mac = await service.issue(secondIdentity, 'Mac');
    assert.deepEqual(await service.verify(phone.user_name, phone.password), expected);
    const other = await newTenant(store);
    const raw = openRaw(ctx().database.url);
    try {
      await raw.updateTable('users').set({ tenant_key: other.tenantKey }).where('ref', '=', user.ref).execute();
      assert.equal(await service.verify(phone.user_name, phone.password), null, 'moved to another tenant');
      assert.notEqual(await service.verify(mac.user_name, mac.password), null);
      await raw.deleteFrom('users').where('ref', '=', second.ref).execute();
      tokensRevoked(store);
      assert.equal(await service.verify(mac.user_name, mac.password), null, 'deleted');
    } finally {
      await raw.destroy();
    }
  });

  test('only a user may have credentials, and a device name has at most 100 characters', async () => {
    const { identity, service } = await setup();
    await assert.rejects(service.issue({ kind: 'app', tenantKey: identity.tenantKey, appId: 'cli_caldav' }, 'x'),
      (e: unknown) => e instanceof DomainError && e.key === 'unsupported:tenant_token');
    await assert.rejects(service.issue(identity, 'x'.repeat(101)),
      (e: unknown) => e instanceof DomainError && e.key === 'invalid' && e.violations[0]?.field === 'device_name');
    assert.equal((await service.issue(identity, '设'.repeat(100))).device_name, '设'.repeat(100));
  });
});

function rows0(identity: Identity): string {
  if (identity.kind !== 'user') throw new Error('a user identity');
  return identity.userRef;
}
