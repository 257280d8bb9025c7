/** Contract: CaldavCredentialRepository. One row per (user, device name); lookups by user name and by user. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredCaldavCredential } from '../../src/core/tenancy/caldav-credentials-ports.js';
import { forEachDialect, unique } from './support/stores.js';

function credential(fields: Partial<StoredCaldavCredential> = {}): StoredCaldavCredential {
  return {
    credentialId: unique('cdc_'), tenantKey: 't', userRef: unique('usr_'), appId: 'cli_0000000000000001', userName: unique('u_'),
    deviceName: 'iPhone', passwordHash: 'scrypt$1024$8$1$c2FsdA==$a2V5', createdAt: 1_700_000_000_000, ...fields,
  };
}

forEachDialect('storage contract: caldav credentials', (ctx) => {
  test('insert and get round-trip every field', async () => {
    const { store } = ctx();
    const c = credential({ deviceName: '' });
    await store.caldavCredentials.insert(c);
    assert.deepEqual(await store.caldavCredentials.get(c.credentialId), c);
    assert.equal(await store.caldavCredentials.get('cdc_missing'), undefined);
    await assert.rejects(store.caldavCredentials.insert(c), 'the id is the key');
  });

  test('one credential per user and device name; another device or another user may share the name', async () => {
    const { store } = ctx();
    const c = credential();
    await store.caldavCredentials.insert(c);
    await assert.rejects(store.caldavCredentials.insert(credential({ userRef: c.userRef, deviceName: c.deviceName })));
    await store.caldavCredentials.insert(credential({ userRef: c.userRef, deviceName: 'Mac' }));
    await store.caldavCredentials.insert(credential({ deviceName: c.deviceName }));
    assert.deepEqual((await store.caldavCredentials.listByUser(c.userRef)).map((x) => x.deviceName), ['iPhone', 'Mac']);
  });

  test('listByUser and findByUserName: oldest first, nobody else\'s', async () => {
    const { store } = ctx();
    const userRef = unique('usr_');
    const userName = unique('u_');
    const newer = credential({ userRef, userName, deviceName: 'b', createdAt: 2_000 });
    const older = credential({ userRef, userName, deviceName: 'a', createdAt: 1_000 });
    await store.caldavCredentials.insert(newer);
    await store.caldavCredentials.insert(older);
    await store.caldavCredentials.insert(credential({ deviceName: 'a' }));
    assert.deepEqual(await store.caldavCredentials.listByUser(userRef), [older, newer]);
    assert.deepEqual(await store.caldavCredentials.findByUserName(userName), [older, newer]);
    assert.deepEqual(await store.caldavCredentials.findByUserName('u_nobody'), []);
    assert.deepEqual(await store.caldavCredentials.listByUser('usr_nobody'), []);
  });

  test('delete takes only the user\'s own credential, once', async () => {
    const { store } = ctx();
    const c = credential();
    await store.caldavCredentials.insert(c);
    assert.equal(await store.caldavCredentials.delete('usr_someone_else', c.credentialId), false);
    assert.deepEqual(await store.caldavCredentials.get(c.credentialId), c);
    assert.equal(await store.caldavCredentials.delete(c.userRef, c.credentialId), true);
    assert.equal(await store.caldavCredentials.delete(c.userRef, c.credentialId), false);
    assert.equal(await store.caldavCredentials.get(c.credentialId), undefined);
  });

  test('a transaction that fails leaves no credential behind', async () => {
    const { store } = ctx();
    const c = credential();
    await assert.rejects(store.transaction(async (repos) => {
      await repos.caldavCredentials.insert(c);
      throw new Error('abort');
    }));
    assert.equal(await store.caldavCredentials.get(c.credentialId), undefined);
  });
});
