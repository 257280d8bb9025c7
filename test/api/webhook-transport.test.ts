/**
 * The webhook sender against the SDK's own receiver (`EventDispatcher`
 * behind `adaptDefault`) and against receivers that fail on purpose:
 * platform.md §8.2 transport, §8.5 challenge, §8.6–§8.7 encryption and
 * signature, §8.8 what counts as delivered.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import type { AttemptOutcome } from '../../src/adapters/delivery/transport.js';
import { sendChallenge } from '../../src/adapters/delivery/webhook-challenge.js';
import { decrypt, signature } from '../../src/adapters/delivery/webhook-crypto.js';
import { deliverWebhook } from '../../src/adapters/delivery/webhook.js';
import { closedPort, rawReceiver, sdkReceiver, type Receiver } from './webhook-transport-support.js';

const KEY = 'kz3Yc8Zr4kVbNq0WJpLm'; // an Encrypt Key
const TOKEN = 'rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV'; // a Verification Token
const CLOCK = { now: () => 1752346850_123 };

// platform.md §10.3's example; the calendar id carries non-ASCII and a slash,
// which JSON.stringify writes raw and the SDK's signature check expects raw.
const HEADER = {
  event_id: '5e3702a84e847582be8db7fb73283c02',
  event_type: 'calendar.calendar.event.changed_v4',
  create_time: '1608725989000',
  token: TOKEN,
  app_id: 'cli_9f5343c580712544',
  tenant_key: '2ca1d211f64f6438',
};
const EVENT = {
  calendar_id: 'feishu.cn_周会/xx@group.calendar.feishu.cn',
  user_id_list: [{ union_id: 'on_xxxxxx', user_id: 'exxxxxxz', open_id: 'ou_xxxxxx' }],
  calendar_event_id: 'efa67a98-06a8-4df5-8559-746c8f4477ef_0',
  change_type: 'create',
  rsvp_infos: [{ from_user_id: { union_id: 'on_8ed6', user_id: 'e33ggbyz', open_id: 'ou_84aa' }, rsvp_status: 'accept' }],
};
const ENVELOPE = { schema: '2.0', header: HEADER, event: EVENT };
/** What the SDK hands the handler: `{schema, ...header, ...event}` (§8.7). */
const FLAT = { schema: '2.0', ...HEADER, ...EVENT };

const receivers: Receiver[] = [];
async function receiver(made: Promise<Receiver>): Promise<Receiver> {
  const r = await made;
  receivers.push(r);
  return r;
}
after(() => Promise.all(receivers.map((r) => r.close())));

/** The outcome minus its latency, which is checked on its own where it matters. */
const verdict = ({ ok, code, error }: AttemptOutcome) => ({ ok, code, error });
const DELIVERED_200 = { ok: true, code: 200, error: null };

function assertSigned(received: { headers: Record<string, unknown>; body: string }, key: string) {
  const { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signed } = received.headers;
  assert.equal(timestamp, '1752346850');
  assert.match(String(nonce), /^\d{9}$/);
  assert.match(String(signed), /^[0-9a-f]{64}$/);
  assert.equal(signed, signature(String(timestamp), String(nonce), key, received.body));
}

describe('webhook: delivery to the SDK receiver', () => {
  test('encrypted and signed: verified, decrypted and flattened by the SDK', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY, verificationToken: TOKEN }));
    const outcome = await deliverWebhook({ url: r.url, encryptKey: KEY }, ENVELOPE, { clock: CLOCK });
    assert.deepEqual(verdict(outcome), DELIVERED_200);
    assert.ok(outcome.latencyMs >= 0 && outcome.latencyMs < 3000);
    assert.deepEqual(r.handled, [FLAT]);

    const [pushed] = r.received;
    assert.equal(pushed!.method, 'POST');
    assert.equal(pushed!.headers['content-type'], 'application/json; charset=utf-8');
    assertSigned(pushed!, KEY);
    const body = JSON.parse(pushed!.body) as { encrypt: string };
    assert.deepEqual(Object.keys(body), ['encrypt']);
    assert.equal(pushed!.body, JSON.stringify(body));
    assert.equal(decrypt(KEY, body.encrypt), JSON.stringify(ENVELOPE));
  });

  test('plain (no key): the body is JSON.stringify of the envelope; timestamp and nonce, no signature', async () => {
    const r = await receiver(sdkReceiver({ verificationToken: TOKEN }));
    assert.deepEqual(verdict(await deliverWebhook({ url: r.url, encryptKey: null }, ENVELOPE, { clock: CLOCK })), DELIVERED_200);
    assert.deepEqual(r.handled, [FLAT]);
    const [pushed] = r.received;
    assert.equal(pushed!.body, JSON.stringify(ENVELOPE));
    assert.equal(pushed!.body, JSON.stringify(JSON.parse(pushed!.body)));
    assert.equal(pushed!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(pushed!.headers['x-lark-request-timestamp'], '1752346850');
    assert.match(String(pushed!.headers['x-lark-request-nonce']), /^\d{9}$/);
    assert.equal(pushed!.headers['x-lark-signature'], undefined);
  });

  test('a receiver holding another Encrypt Key rejects the signature: its handler never runs', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: 'another key', verificationToken: TOKEN }));
    // adaptDefault answers 200 with an empty body on a failed check: the sender cannot tell (§8.7).
    assert.deepEqual(verdict(await deliverWebhook({ url: r.url, encryptKey: KEY }, ENVELOPE)), DELIVERED_200);
    assert.equal(r.received.length, 1);
    assert.deepEqual(r.handled, []);
  });

  test('a receiver with a key rejects an unsigned plain push', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY, verificationToken: TOKEN }));
    assert.deepEqual(verdict(await deliverWebhook({ url: r.url, encryptKey: null }, ENVELOPE)), DELIVERED_200);
    assert.equal(r.received.length, 1);
    assert.deepEqual(r.handled, []);
  });

  test('pushes to one receiver share a keep-alive connection', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY }));
    for (let i = 0; i < 3; i++) assert.deepEqual(verdict(await deliverWebhook({ url: r.url, encryptKey: KEY }, ENVELOPE)), DELIVERED_200);
    assert.equal(r.handled.length, 3);
    assert.equal(r.connections(), 1);
  });
});

describe('webhook: URL verification', () => {
  const answered = { answered: true, outcome: DELIVERED_200 };
  const result = async (target: { url: string; encryptKey: string | null }) => {
    const { answered, outcome } = await sendChallenge({ ...target, verificationToken: TOKEN }, { clock: CLOCK });
    return { answered, outcome: verdict(outcome) };
  };

  test('encrypted and signed, answered by autoChallenge', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY, verificationToken: TOKEN, autoChallenge: true }));
    assert.deepEqual(await result({ url: r.url, encryptKey: KEY }), answered);
    const [pushed] = r.received;
    assertSigned(pushed!, KEY);
    const body = JSON.parse(pushed!.body) as { encrypt: string };
    assert.deepEqual(Object.keys(body), ['encrypt']);
    const challenge = JSON.parse(decrypt(KEY, body.encrypt)) as { challenge: string };
    assert.equal(decrypt(KEY, body.encrypt), JSON.stringify({ challenge: challenge.challenge, token: TOKEN, type: 'url_verification' }));
    assert.match(challenge.challenge, /^[0-9a-f-]{36}$/);
    assert.deepEqual(r.handled, []);
  });

  test('plain, answered by autoChallenge', async () => {
    const r = await receiver(sdkReceiver({ verificationToken: TOKEN, autoChallenge: true }));
    assert.deepEqual(await result({ url: r.url, encryptKey: null }), answered);
    const sent = JSON.parse(r.received[0]!.body) as { challenge: string };
    assert.equal(r.received[0]!.body, JSON.stringify({ challenge: sent.challenge, token: TOKEN, type: 'url_verification' }));
  });

  test('a receiver without autoChallenge answers 200 without the challenge: not answered', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY, verificationToken: TOKEN }));
    assert.deepEqual(await result({ url: r.url, encryptKey: KEY }), {
      answered: false,
      outcome: { ok: false, code: 200, error: 'HTTP 200 without {"challenge": <the value sent>}' },
    });
  });

  test('the right challenge with 204 is not an answer; a silent receiver fails after 1 s', async () => {
    const echo = await receiver(rawReceiver((res) => res.writeHead(204).end()));
    assert.deepEqual(await result({ url: echo.url, encryptKey: null }), { answered: false, outcome: { ok: false, code: 204, error: 'HTTP 204, not 200' } });
    const silent = await receiver(rawReceiver(() => {}));
    const { answered, outcome } = await sendChallenge({ url: silent.url, encryptKey: null, verificationToken: TOKEN });
    assert.deepEqual({ answered, outcome: verdict(outcome) }, { answered: false, outcome: { ok: false, code: null, error: 'no answer within 1000 ms' } });
    assert.ok(outcome.latencyMs >= 950 && outcome.latencyMs < 2000, `latency ${outcome.latencyMs}`);
  });
});

describe('webhook: what counts as delivered (§8.8)', () => {
  const push = (url: string, options = {}) => deliverWebhook({ url, encryptKey: KEY }, ENVELOPE, options);
  const answering = (status: number, body = '') => receiver(rawReceiver((res) => res.writeHead(status).end(body)));

  test('any 2xx is delivered; other statuses are failed attempts with their code', async () => {
    assert.deepEqual(verdict(await push((await answering(204)).url)), { ok: true, code: 204, error: null });
    assert.deepEqual(verdict(await push((await answering(202, 'queued')).url)), { ok: true, code: 202, error: null });
    assert.deepEqual(verdict(await push((await answering(500, 'boom')).url)), { ok: false, code: 500, error: 'HTTP 500' });
    assert.deepEqual(verdict(await push((await answering(302)).url)), { ok: false, code: 302, error: 'HTTP 302' });
    assert.deepEqual(verdict(await push((await answering(404)).url)), { ok: false, code: 404, error: 'HTTP 404' });
  });

  test('a receiver that never answers is a failed attempt at the timeout', async () => {
    const r = await receiver(rawReceiver(() => {}));
    const outcome = await push(r.url, { timeoutMs: 200 });
    assert.deepEqual(verdict(outcome), { ok: false, code: null, error: 'no answer within 200 ms' });
    assert.ok(outcome.latencyMs >= 190 && outcome.latencyMs < 1500, `latency ${outcome.latencyMs}`);
    assert.equal(r.received.length, 1);
  });

  test('a 200 whose body never ends is delivered, and settles by the deadline', async () => {
    const r = await receiver(rawReceiver((res) => res.writeHead(200, { 'Content-Length': '100' }).write('{')));
    const started = Date.now();
    assert.deepEqual(verdict(await push(r.url, { timeoutMs: 300 })), DELIVERED_200);
    assert.ok(Date.now() - started < 1500);
  });

  test('a long answer is read up to a bound and dropped', async () => {
    const r = await answering(200, 'x'.repeat(1024 * 1024));
    assert.deepEqual(verdict(await push(r.url)), DELIVERED_200);
  });

  test('a refused connection is a failed attempt', async () => {
    const port = await closedPort();
    assert.deepEqual(verdict(await push(`http://127.0.0.1:${port}/hook`)), { ok: false, code: null, error: `connect ECONNREFUSED 127.0.0.1:${port}` });
  });

  test('a TLS handshake that fails is a failed attempt', async () => {
    const r = await answering(200);
    const outcome = await push(r.url.replace('http:', 'https:'));
    assert.equal(outcome.ok, false);
    assert.equal(outcome.code, null);
    assert.match(outcome.error!, /SSL|TLS|EPROTO|wrong version/i);
  });

  test('only http and https URLs are delivered to', async () => {
    assert.deepEqual(verdict(await push('ftp://127.0.0.1/hook')), { ok: false, code: null, error: 'ftp: URLs are not delivered to (http and https only)' });
    assert.deepEqual(verdict(await push('file:///etc/passwd')), { ok: false, code: null, error: 'file: URLs are not delivered to (http and https only)' });
    assert.deepEqual(verdict(await push('/lark/events')), { ok: false, code: null, error: 'the URL is not a valid absolute URL' });
  });

  test('an envelope JSON cannot carry is a failed attempt, not a throw', async () => {
    const r = await answering(200);
    assert.deepEqual(verdict(await deliverWebhook({ url: r.url, encryptKey: null }, { n: 1n })), {
      ok: false,
      code: null,
      error: 'the envelope is not JSON: Do not know how to serialize a BigInt',
    });
    assert.equal(r.received.length, 0);
  });

  test('a pooled socket the receiver closed meanwhile: the push goes again on a fresh one', async () => {
    // Answers the first request on each connection, keeps it alive, then drops it on the next.
    let connections = 0;
    let requests = 0;
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => {
      connections++;
      sockets.push(socket);
      let served = 0;
      socket.on('data', (data) => {
        requests += data.toString('latin1').split('POST ').length - 1;
        if (served++ === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n');
        else socket.destroy();
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`;
    try {
      assert.deepEqual(verdict(await push(url)), DELIVERED_200);
      assert.deepEqual(verdict(await push(url)), DELIVERED_200);
      assert.deepEqual({ connections, requests }, { connections: 2, requests: 3 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('webhook: denyPrivate', () => {
  const refusal = (host: string, range: string) => ({ ok: false, code: null, error: `${host} is ${range}; private addresses are refused` });

  test('refuses private IP literals before connecting, in any spelling', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY }));
    const push = (host: string) => deliverWebhook({ url: `http://${host}:${r.port}/lark/events`, encryptKey: KEY }, ENVELOPE, { denyPrivate: true });
    assert.deepEqual(verdict(await push('127.0.0.1')), refusal('127.0.0.1', 'a loopback address (127.0.0.0/8)'));
    assert.deepEqual(verdict(await push('2130706433')), refusal('127.0.0.1', 'a loopback address (127.0.0.0/8)'));
    assert.deepEqual(verdict(await push('[::1]')), refusal('::1', 'a loopback address (::1/128)'));
    assert.deepEqual(verdict(await push('[::ffff:127.0.0.1]')), refusal('::ffff:7f00:1', 'a loopback address (127.0.0.0/8)'));
    assert.deepEqual(verdict(await push('10.1.2.3')), refusal('10.1.2.3', 'a private address (10.0.0.0/8)'));
    assert.deepEqual(verdict(await push('169.254.169.254')), refusal('169.254.169.254', 'a link-local address (169.254.0.0/16)'));
    assert.deepEqual(verdict(await push('[fc00::1]')), refusal('fc00::1', 'a unique-local address (fc00::/7)'));
    assert.deepEqual(verdict(await push('0.0.0.0')), refusal('0.0.0.0', 'an unspecified address (0.0.0.0/8)'));
    assert.equal(r.connections(), 0);
  });

  test('refuses a hostname resolving to loopback, even after an unchecked push opened a socket to it', async () => {
    const r = await receiver(sdkReceiver({ encryptKey: KEY }));
    const url = `http://localhost:${r.port}/lark/events`;
    assert.deepEqual(verdict(await deliverWebhook({ url, encryptKey: KEY }, ENVELOPE)), DELIVERED_200);
    const outcome = await deliverWebhook({ url, encryptKey: KEY }, ENVELOPE, { denyPrivate: true });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.code, null);
    const refused = /^localhost resolves to (127\.0\.0\.1, a loopback address \(127\.0\.0\.0\/8\)|::1, a loopback address \(::1\/128\)); private addresses are refused$/;
    assert.match(outcome.error!, refused);
    // The https pool checks the same way: refused at lookup, before any handshake.
    assert.match((await deliverWebhook({ url: url.replace('http:', 'https:'), encryptKey: KEY }, ENVELOPE, { denyPrivate: true })).error!, refused);
    assert.equal(r.received.length, 1);
  });
});
