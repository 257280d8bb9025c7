/** Contract: TokenRepository. Single-use tokens are spent exactly once, even under a race. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDialect, token, unique } from './support/stores.js';

forEachDialect('storage contract: tokens', (ctx) => {
  test('insert and find by hash round-trip every field', async () => {
    const { store } = ctx();
    const t = token({ kind: 'user', userRef: 'usr_1', scopes: ['a', 'b'], sealed: null, extra: { redirect_uri: 'https://x/cb', style: 'v2' } });
    await store.tokens.insert(t);
    assert.deepEqual(await store.tokens.find(t.hash), t);
    assert.equal(await store.tokens.find('missing'), undefined);
    await assert.rejects(store.tokens.insert(t), 'hash is the key');
  });

  test('newest: the latest-expiring token of that app, tenant and kind', async () => {
    const { store } = ctx();
    const appId = unique('cli_');
    await store.tokens.insert(token({ appId, tenantKey: 'a', kind: 'tenant', sealed: 'old', expiresAt: 5_000 }));
    await store.tokens.insert(token({ appId, tenantKey: 'a', kind: 'tenant', sealed: 'new', expiresAt: 9_000 }));
    await store.tokens.insert(token({ appId, tenantKey: 'a', kind: 'app', sealed: 'other kind', expiresAt: 99_000 }));
    await store.tokens.insert(token({ appId, tenantKey: 'b', kind: 'tenant', sealed: 'other tenant', expiresAt: 99_000 }));
    assert.equal((await store.tokens.newest(appId, 'a', 'tenant'))?.sealed, 'new');
    assert.equal(await store.tokens.newest(appId, 'c', 'tenant'), undefined);
  });

  test('markUsed succeeds once; later calls report the loss and keep the first time', async () => {
    const { store } = ctx();
    const t = token();
    await store.tokens.insert(t);
    assert.equal(await store.tokens.markUsed(t.hash, 2_000), true);
    assert.equal(await store.tokens.markUsed(t.hash, 3_000), false);
    assert.equal((await store.tokens.find(t.hash))?.usedAt, 2_000);
    assert.equal(await store.tokens.markUsed('missing', 3_000), false);
  });

  test('two concurrent markUsed on one code: exactly one wins', async () => {
    const { store } = ctx();
    for (let round = 0; round < 10; round++) {
      const t = token();
      await store.tokens.insert(t);
      const results = await Promise.all([
        store.transaction((repos) => repos.tokens.markUsed(t.hash, 2_000)),
        store.transaction((repos) => repos.tokens.markUsed(t.hash, 3_000)),
        store.tokens.markUsed(t.hash, 4_000),
      ]);
      assert.equal(results.filter(Boolean).length, 1, `round ${round}: ${results}`);
    }
  });

  test('expireBy only ever shortens a token', async () => {
    const { store } = ctx();
    const t = token({ expiresAt: 10_000 });
    await store.tokens.insert(t);
    await store.tokens.expireBy(t.hash, 6_000);
    assert.equal((await store.tokens.find(t.hash))?.expiresAt, 6_000);
    await store.tokens.expireBy(t.hash, 8_000);
    assert.equal((await store.tokens.find(t.hash))?.expiresAt, 6_000);
  });
});
