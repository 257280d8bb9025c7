/**
 * The pure parts of the webhook transport: the address policy behind
 * `--delivery-deny-private`, its lookup, the AES body and the signature
 * (platform.md §8.6, §8.7), and the request a push is made of.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, test } from 'node:test';
import { nonPublicRange, publicOnlyLookup, type Resolver } from '../../src/adapters/delivery/address-policy.js';
import { decrypt, encrypt, signature } from '../../src/adapters/delivery/webhook-crypto.js';
import { webhookRequest } from '../../src/adapters/delivery/webhook.js';

describe('address policy', () => {
  const refused: [string, string, string][] = [
    ['127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['127.255.255.254', 'loopback', '127.0.0.0/8'],
    ['::1', 'loopback', '::1/128'],
    ['[::1]', 'loopback', '::1/128'],
    ['0.0.0.0', 'unspecified', '0.0.0.0/8'],
    ['::', 'unspecified', '::/128'],
    ['10.0.0.1', 'private', '10.0.0.0/8'],
    ['172.16.0.1', 'private', '172.16.0.0/12'],
    ['172.31.255.255', 'private', '172.16.0.0/12'],
    ['192.168.1.1', 'private', '192.168.0.0/16'],
    ['100.64.0.1', 'shared', '100.64.0.0/10'],
    ['100.127.255.255', 'shared', '100.64.0.0/10'],
    ['169.254.169.254', 'link-local', '169.254.0.0/16'],
    ['224.0.0.1', 'multicast', '224.0.0.0/4'],
    ['255.255.255.255', 'reserved', '240.0.0.0/4'],
    ['192.0.2.7', 'documentation', '192.0.2.0/24'],
    ['198.18.0.1', 'benchmarking', '198.18.0.0/15'],
    ['fc00::', 'unique-local', 'fc00::/7'],
    ['fd12:3456::1', 'unique-local', 'fc00::/7'],
    ['fe80::1', 'link-local', 'fe80::/10'],
    ['FE80::1%eth0', 'link-local', 'fe80::/10'],
    ['febf::1', 'link-local', 'fe80::/10'],
    ['fec0::1', 'site-local', 'fec0::/10'],
    ['ff02::1', 'multicast', 'ff00::/8'],
    ['2001:db8::1', 'documentation', '2001:db8::/32'],
    ['::127.0.0.1', 'reserved', '::/8'], // IPv4-compatible, deprecated
    // IPv4 inside IPv6 is judged by the IPv4 address, in either spelling.
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['::ffff:7f00:1', 'loopback', '127.0.0.0/8'],
    ['::ffff:10.1.2.3', 'private', '10.0.0.0/8'],
    ['::ffff:169.254.169.254', 'link-local', '169.254.0.0/16'],
    ['64:ff9b::a00:1', 'private', '10.0.0.0/8'], // NAT64
    ['2002:7f00:1::', 'loopback', '127.0.0.0/8'], // 6to4
  ];
  for (const [address, kind, cidr] of refused) {
    test(`refuses ${address} (${kind})`, () => assert.deepEqual(nonPublicRange(address), { kind, cidr }));
  }

  const allowed = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '11.0.0.1', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '169.253.255.255', '192.169.0.1', '223.255.255.255', '2001:4860:4860::8888', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', 'fbff::1'];
  test('allows public addresses, next to the blocks too', () => {
    assert.deepEqual(allowed.map((a) => [a, nonPublicRange(a)]), allowed.map((a) => [a, null]));
  });

  test('a hostname is not an address: it fails closed', () => {
    assert.deepEqual(nonPublicRange('localhost'), { kind: 'not-an-address', cidr: '' });
    assert.deepEqual(nonPublicRange('example.com'), { kind: 'not-an-address', cidr: '' });
  });
});

describe('the public-only lookup', () => {
  const resolving = (addresses: LookupAddress[]): Resolver => (_host, options, callback) => {
    assert.equal(options.all, true, 'every address is resolved');
    callback(null, addresses);
  };
  const run = (resolve: Resolver, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((done) =>
      publicOnlyLookup(resolve)('hooks.example.com', { all }, (err, address, family) => done({ err, address, family })),
    );

  test('refuses a host when any of its addresses is private', async () => {
    const { err } = await run(resolving([{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]), false);
    assert.equal(err?.code, 'ENONPUBLIC');
    assert.equal(err?.message, 'hooks.example.com resolves to 10.0.0.7, a private address (10.0.0.0/8); private addresses are refused');
  });

  test('refuses an IPv4-mapped loopback answer', async () => {
    const { err } = await run(resolving([{ address: '::ffff:127.0.0.1', family: 6 }]), true);
    assert.equal(err?.code, 'ENONPUBLIC');
  });

  test('hands the checked addresses to the socket, one or all as asked', async () => {
    const addresses = [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ];
    assert.deepEqual(await run(resolving(addresses), false), { err: null, address: '93.184.216.34', family: 4 });
    assert.deepEqual(await run(resolving(addresses), true), { err: null, address: addresses, family: undefined });
  });

  test('passes a resolver failure through, and an empty answer is not found', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' });
    assert.equal((await run((_h, _o, callback) => callback(notFound, []), false)).err, notFound);
    assert.equal((await run(resolving([]), false)).err?.code, 'ENOTFOUND');
  });
});

describe('webhook crypto', () => {
  test("the docs' test vector decrypts to hello world", () => {
    assert.equal(decrypt('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk='), 'hello world');
  });

  test('the wrong key fails, a truncated body fails', () => {
    assert.throws(() => decrypt('other key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk='), /bad decrypt/);
    assert.throws(() => decrypt('test key', 'P37w+VZImNgPEO1RBhJ6Rg=='), /16-byte IV and whole 16-byte blocks, not 16 bytes/);
  });

  test('encrypt: random IV, PKCS#7 (a whole block when aligned), read by the SDK', () => {
    const aligned = '{"challenge":1}!'; // 16 bytes
    const one = Buffer.from(encrypt('test key', aligned), 'base64');
    assert.equal(one.length, 16 + 32);
    assert.notDeepEqual(one.subarray(0, 16), Buffer.from(encrypt('test key', aligned), 'base64').subarray(0, 16));
    const text = '{"summary":"周会 / weekly"}';
    assert.equal(decrypt('test key', encrypt('test key', text)), text);
    assert.equal(new lark.AESCipher('test key').decrypt(encrypt('test key', text)), text);
  });

  test('signature: lower-case hex sha256 of timestamp + nonce + key + body', () => {
    // printf '%s' '1752346850123456789test key{"encrypt":"P37w…"}' | sha256sum
    const body = '{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}';
    assert.equal(signature('1752346850', '123456789', 'test key', body), 'be4db28dc5bb5f253ddcd9dfa1803a62bc925b154e7e81d0c152a37620236086');
  });
});

describe('the request of one push', () => {
  const NOW = 1752346850_999;
  const json = JSON.stringify({ schema: '2.0', header: { event_id: 'e1' }, event: { calendar_id: 'c/日' } });

  test('with a key: the body is exactly {"encrypt": …}, signed over those bytes', () => {
    const { body, headers } = webhookRequest('test key', json, NOW);
    const encrypted = (JSON.parse(body) as { encrypt: string }).encrypt;
    assert.equal(body, JSON.stringify({ encrypt: encrypted }));
    assert.equal(decrypt('test key', encrypted), json);
    assert.deepEqual(Object.keys(headers), ['Content-Type', 'User-Agent', 'X-Request-Id', 'X-Lark-Request-Timestamp', 'X-Lark-Request-Nonce', 'X-Lark-Signature']);
    assert.equal(headers['Content-Type'], 'application/json; charset=utf-8');
    assert.equal(headers['X-Lark-Request-Timestamp'], '1752346850');
    assert.match(headers['X-Lark-Request-Nonce']!, /^[1-9]\d{8}$/);
    assert.match(headers['X-Request-Id']!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(headers['X-Lark-Signature'], signature('1752346850', headers['X-Lark-Request-Nonce']!, 'test key', body));
  });

  test('without a key (null or empty, as the SDK reads it): the JSON itself, timestamp and nonce, no signature', () => {
    for (const key of [null, '']) {
      const { body, headers } = webhookRequest(key, json, NOW);
      assert.equal(body, json);
      assert.deepEqual(Object.keys(headers), ['Content-Type', 'User-Agent', 'X-Request-Id', 'X-Lark-Request-Timestamp', 'X-Lark-Request-Nonce']);
    }
  });

  test('each push has its own nonce', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => webhookRequest(null, json, NOW).headers['X-Lark-Request-Nonce']));
    assert.ok(nonces.size >= 49);
  });
});
