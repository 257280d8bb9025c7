/** Secret hashing: a hash names its own scrypt cost, so hashes of any cost, old ones included, keep verifying. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashSecret, SCRYPT_COST, verifySecret } from '../../src/core/tenancy/secrets.js';

/** Made by the synchronous scryptSync code before hashing went asynchronous; stored databases hold hashes like it. */
const STORED_BEFORE_ASYNC = 'scrypt$16384$8$1$sKNz9UkrmJZw4FfAtyZIFQ==$NhoHq50ujT5HBlxsNhg929gZbRyY/OAbVQt0gv7wh5Q=';

test('secrets: production hashes at N=16384, r=8, p=1 and records it', async () => {
  assert.deepEqual(SCRYPT_COST, { N: 16384, r: 8, p: 1 });
  const hash = await hashSecret('s3cret');
  assert.match(hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  assert.equal(await verifySecret('s3cret', hash), true);
  assert.equal(await verifySecret('s3cret!', hash), false);
});

test('secrets: a hash made at another cost verifies at that cost', async () => {
  for (const cost of [{ N: 2 ** 10, r: 8, p: 1 }, { N: 2 ** 4, r: 1, p: 2 }, { N: 2 ** 15, r: 8, p: 1 }]) {
    const hash = await hashSecret('pw', cost);
    assert.ok(hash.startsWith(`scrypt$${cost.N}$${cost.r}$${cost.p}$`), hash);
    assert.equal(await verifySecret('pw', hash), true);
    assert.equal(await verifySecret('pW', hash), false);
  }
});

test('secrets: a hash stored before hashing went asynchronous still verifies', async () => {
  assert.equal(await verifySecret('stored-before-async', STORED_BEFORE_ASYNC), true);
  assert.equal(await verifySecret('stored-before-asynC', STORED_BEFORE_ASYNC), false);
});

test('secrets: salts differ, so one secret never hashes the same twice', async () => {
  const cheap = { N: 2 ** 4, r: 1, p: 1 };
  assert.notEqual(await hashSecret('same', cheap), await hashSecret('same', cheap));
});

test('secrets: anything but a well-formed scrypt hash verifies nothing', async () => {
  const [, n, r, p, salt, key] = STORED_BEFORE_ASYNC.split('$');
  for (const stored of [
    '', 'plain', `bcrypt$${n}$${r}$${p}$${salt}$${key}`, `scrypt$${n}$${r}$${p}$${salt}`, `scrypt$${n}$${r}$${p}$${salt}$`,
    `scrypt$$${r}$${p}$${salt}$${key}`, `scrypt$0$${r}$${p}$${salt}$${key}`, `scrypt$-16384$${r}$${p}$${salt}$${key}`,
    `scrypt$1e4$${r}$${p}$${salt}$${key}`, `${STORED_BEFORE_ASYNC}$extra`,
  ]) {
    assert.equal(await verifySecret('stored-before-async', stored), false, stored);
  }
});
