/**
 * Delivering events over the long connection (platform.md §9.3, §9.4): to
 * the real SDK WSClient, and to a raw `ws` client where the bytes, the ack
 * order or a vanishing socket are the point. SQLite only: the transport
 * keeps nothing in the store.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { ATTEMPT_TIMEOUT_MS } from '../../src/adapters/delivery/transport.js';
import { encodeFrame, type Frame } from '../../src/adapters/long-connection/frames.js';
import { APPS } from '../support/fixture.js';
import {
  connectUrl, envelope, EVENT_CHANGED, flattened, headersOf, RawClient, sdkClient, startHubServer, until,
  type HubServer, type SdkClient,
} from './long-connection-support.js';

const FULL = APPS.full.app_id;
const outcomeOf = ({ ok, code, error }: { ok: boolean; code: number | null; error: string | null }) => ({ ok, code, error });
const OK = { ok: true, code: 200, error: null };
const own = (data: object) => ({ ...Object.fromEntries(Object.entries(data)) });

describe('long connection: events to the SDK', () => {
  let server: HubServer;
  const clients: SdkClient[] = [];
  const start = async (...args: Parameters<typeof sdkClient> extends [string, ...infer R] ? R : never) => {
    const client = await sdkClient(server.url, ...args);
    clients.push(client);
    assert.deepEqual(client.errors, []);
    return client;
  };
  before(async () => {
    server = await startHubServer();
  });
  afterEach(async () => {
    const closing = clients.splice(0);
    for (const client of closing) client.ws.close({ force: true });
    await until(() => server.hub.connectedApps().size === 0, 'every socket to close');
    // The SDK logged nothing at error level: no invalid pong, no dropped fragment.
    assert.deepEqual(closing.flatMap((client) => client.log.errors), []);
  });
  after(() => server.close());

  test('the handler sees the flattened event; its return is acked 200 and the attempt is ok', async () => {
    const seen: object[] = [];
    await start('full', { [EVENT_CHANGED]: async (data) => void seen.push(own(data)) });
    assert.deepEqual([...server.hub.connectedApps()], [FULL]);
    const body = envelope(FULL, 'evt-1');
    const outcome = await server.hub.deliver(FULL, JSON.stringify(body));
    assert.deepEqual(outcomeOf(outcome), OK);
    assert.ok(outcome.latencyMs >= 0 && outcome.latencyMs < ATTEMPT_TIMEOUT_MS, `latency ${outcome.latencyMs}`);
    assert.deepEqual(seen, [flattened(body)]);
  });

  test('a handler that throws is acked 500: the attempt fails with that code', async () => {
    await start('full', { [EVENT_CHANGED]: async () => { throw new Error('handler down'); } });
    assert.deepEqual(outcomeOf(await server.hub.deliver(FULL, JSON.stringify(envelope(FULL, 'evt-2')))), { ok: false, code: 500, error: 'ack code 500' });
    // The SDK logs the handler's failure, as it should; afterEach wants the log empty otherwise.
    const logged = clients[0]!.log.errors.splice(0);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /invoke event failed, message_type: event; .*error: Error: handler down/);
  });

  test('an event type with no handler is still acked 200', async () => {
    const seen: unknown[] = [];
    await start('full', { [EVENT_CHANGED]: async (data) => void seen.push(data) });
    const acl = envelope(FULL, 'evt-3', 'calendar.calendar.acl.created_v4');
    assert.deepEqual(outcomeOf(await server.hub.deliver(FULL, JSON.stringify(acl))), OK);
    assert.deepEqual(seen, []);
  });

  test('an event over the fragment size (100 bytes here) arrives whole, multi-byte characters cut included', async () => {
    const small = await startHubServer({ fragmentBytes: 100 });
    try {
      const seen: object[] = [];
      clients.push(await sdkClient(small.url, 'full', { [EVENT_CHANGED]: async (data) => void seen.push(own(data)) }));
      const body = envelope(FULL, 'evt-4', EVENT_CHANGED, { summary: '周会 — 日历同步'.repeat(40) });
      assert.ok(Buffer.byteLength(JSON.stringify(body)) > 1000);
      assert.deepEqual(outcomeOf(await small.hub.deliver(FULL, JSON.stringify(body))), OK);
      assert.deepEqual(seen, [flattened(body)]);
    } finally {
      clients.at(-1)?.ws.close({ force: true });
      await small.close();
    }
  });

  test('cluster mode: each event goes to exactly one of the app\'s connections, chosen at random', async () => {
    const counts = [0, 0];
    await start('full', { [EVENT_CHANGED]: async () => void counts[0]!++ });
    await start('full', { [EVENT_CHANGED]: async () => void counts[1]!++ });
    assert.equal(server.hub.connectionCount(FULL), 2);
    await until(() => server.hub.readyCount(FULL) === 2, 'both clients to ping');
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => server.hub.deliver(FULL, JSON.stringify(envelope(FULL, `evt-c${i}`)))));
    assert.ok(outcomes.every((o) => o.ok));
    assert.equal(counts[0]! + counts[1]!, 30);
    // Both 0 and 30 together have probability 2^-29.
    assert.ok(counts[0]! > 0 && counts[1]! > 0, `split ${counts}`);
  });

  test('the client adopts the config of every pong: all four keys, in seconds', async () => {
    const custom = await startHubServer({ clientConfig: { PingInterval: 90, ReconnectCount: 7, ReconnectInterval: 60, ReconnectNonce: 10 } });
    try {
      const client = await sdkClient(custom.url, 'full');
      clients.push(client);
      // The endpoint gave these values too: overwrite them, then have the client ping once more.
      const internals = client.ws as unknown as { wsConfig: { getWS(): Record<string, unknown>; updateWs(v: object): void }; pingInterval?: NodeJS.Timeout; pingLoop(): void };
      internals.wsConfig.updateWs({ pingInterval: 1_000_000, reconnectCount: 0, reconnectInterval: 1, reconnectNonce: 1 });
      clearTimeout(internals.pingInterval);
      internals.pingLoop();
      await until(() => internals.wsConfig.getWS().pingInterval === 90_000, 'the pong');
      const { pingInterval, reconnectCount, reconnectInterval, reconnectNonce } = internals.wsConfig.getWS();
      assert.deepEqual({ pingInterval, reconnectCount, reconnectInterval, reconnectNonce }, { pingInterval: 90_000, reconnectCount: 7, reconnectInterval: 60_000, reconnectNonce: 10_000 });
      client.ws.close({ force: true });
    } finally {
      await custom.close();
    }
  });
});

describe('long connection: the frames on the wire', () => {
  let server: HubServer;
  const raws: RawClient[] = [];
  const open = async () => {
    const raw = await RawClient.open(await connectUrl(server.url));
    raws.push(raw);
    return raw;
  };
  before(async () => {
    server = await startHubServer({ fragmentBytes: 64 });
  });
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.terminate();
    await until(() => server.hub.connectedApps().size === 0, 'every socket to close');
  });
  after(() => server.close());

  test('a ping is answered with the pong of platform.md §9.3, byte for byte', async () => {
    const raw = await open();
    raw.send(Buffer.from('08001000180120002a0c0a0474797065120470696e67', 'hex'));
    const pong = encodeFrame(await raw.next());
    assert.equal(Buffer.from(pong).toString('hex'), `
      08 00 10 00 18 01 20 00 2a 0c 0a 04 74 79 70 65 12 04 70 6f 6e 67 42 54
      7b 22 50 69 6e 67 49 6e 74 65 72 76 61 6c 22 3a 31 32 30 2c 22 52 65 63
      6f 6e 6e 65 63 74 43 6f 75 6e 74 22 3a 2d 31 2c 22 52 65 63 6f 6e 6e 65
      63 74 49 6e 74 65 72 76 61 6c 22 3a 31 32 30 2c 22 52 65 63 6f 6e 6e 65
      63 74 4e 6f 6e 63 65 22 3a 33 30 7d`.replace(/\s+/g, ''));
    assert.equal(pong.byteLength, 108);
  });

  test('a single-frame event still carries sum=1 and seq=0; the ack that echoes it settles the attempt', async () => {
    const raw = await open();
    const body = JSON.stringify(envelope(FULL, 'e').header);
    const attempt = server.hub.deliver(FULL, body.slice(0, 60));
    const frame = await raw.next();
    const headers = headersOf(frame);
    assert.deepEqual(frame.headers.map((h) => h.key), ['type', 'message_id', 'sum', 'seq', 'trace_id']);
    assert.deepEqual([frame.method, frame.service, headers.type, headers.sum, headers.seq], [1, raw.serviceId, 'event', '1', '0']);
    assert.match(headers.message_id!, /^[0-9a-f]{32}$/);
    assert.match(headers.trace_id!, /^[0-9a-f]{16}$/);
    assert.equal(Buffer.from(frame.payload!).toString('utf8'), body.slice(0, 60));
    raw.ack(frame, { code: 200, headers: null, data: null }); // as the Go SDK answers
    assert.deepEqual(outcomeOf(await attempt), OK);
  });

  test('fragments: one message_id, sum and seq on each, bytes in order; an ack on the last one settles', async () => {
    const raw = await open();
    const body = JSON.stringify(envelope(FULL, 'e', EVENT_CHANGED, { summary: '日历'.repeat(30) }));
    const size = Buffer.byteLength(body);
    const sum = Math.ceil(size / 64);
    const attempt = server.hub.deliver(FULL, body);
    const frames: Frame[] = [];
    for (let i = 0; i < sum; i++) frames.push(await raw.next());
    const first = headersOf(frames[0]!);
    assert.deepEqual(frames.map((f) => headersOf(f)), frames.map((_, seq) => ({ type: 'event', message_id: first.message_id, sum: String(sum), seq: String(seq), trace_id: first.trace_id })));
    assert.deepEqual(frames.map((f) => f.payload!.byteLength), frames.map((_, i) => Math.min(64, size - i * 64)));
    assert.equal(Buffer.concat(frames.map((f) => f.payload!)).toString('utf8'), body);
    assert.deepEqual(frames.map((f) => f.SeqID), frames.map((_, i) => frames[0]!.SeqID + i));
    raw.ack(frames.at(-1)!, { code: 200 });
    assert.deepEqual(outcomeOf(await attempt), OK);
  });

  test('acks are matched by message_id, whatever their order', async () => {
    const raw = await open();
    const first = server.hub.deliver(FULL, '{"n":1}');
    const second = server.hub.deliver(FULL, '{"n":2}');
    const [a, b] = [await raw.next(), await raw.next()];
    assert.deepEqual([a, b].map((f) => Buffer.from(f.payload!).toString()), ['{"n":1}', '{"n":2}']);
    raw.ack(b, { code: 200 });
    assert.deepEqual(outcomeOf(await second), OK);
    raw.ack(a, { code: 500 });
    assert.deepEqual(outcomeOf(await first), { ok: false, code: 500, error: 'ack code 500' });
  });

  test('frames that settle nothing are ignored: unknown message_id, undecodable bytes, text, an unreadable ack', async () => {
    const raw = await open();
    const attempt = server.hub.deliver(FULL, '{}');
    const frame = await raw.next();
    raw.ack({ ...frame, headers: frame.headers.map((h) => (h.key === 'message_id' ? { ...h, value: 'someone-else' } : h)) }, { code: 200 });
    raw.send(Buffer.from([0xff, 0x01, 0x02]));
    raw.socket.send('{"code":200}');
    raw.send({ ...frame, payload: Buffer.from('not json') });
    assert.deepEqual(outcomeOf(await attempt), { ok: false, code: null, error: 'unreadable ack payload' });
    assert.equal(server.hub.connectionCount(FULL), 1);
  });

  test('no live connection for the app: the attempt fails at once', async () => {
    const outcome = await server.hub.deliver(APPS.nobot.app_id, '{}');
    assert.deepEqual(outcomeOf(outcome), { ok: false, code: null, error: 'no live long connection for the app' });
    assert.ok(outcome.latencyMs < 50, `latency ${outcome.latencyMs}`);
  });

  test('a socket that closes while its ack is awaited fails the attempt then, and leaves the app', async () => {
    const raw = await open();
    const attempt = server.hub.deliver(FULL, '{}');
    await raw.next();
    await raw.close();
    const outcome = await attempt;
    assert.deepEqual(outcomeOf(outcome), { ok: false, code: null, error: 'connection closed before the ack' });
    assert.ok(outcome.latencyMs < 1000, `latency ${outcome.latencyMs}`);
    assert.deepEqual([...server.hub.connectedApps()], []);
  });

  test(`no ack within ${ATTEMPT_TIMEOUT_MS} ms fails the attempt; a late ack changes nothing`, async () => {
    const raw = await open();
    const attempt = server.hub.deliver(FULL, '{}');
    const frame = await raw.next();
    const outcome = await attempt;
    assert.deepEqual(outcomeOf(outcome), { ok: false, code: null, error: `no ack within ${ATTEMPT_TIMEOUT_MS} ms` });
    assert.ok(outcome.latencyMs >= ATTEMPT_TIMEOUT_MS - 5 && outcome.latencyMs < ATTEMPT_TIMEOUT_MS + 500, `latency ${outcome.latencyMs}`);
    raw.ack(frame, { code: 200 });
    assert.equal(server.hub.connectionCount(FULL), 1);
  });
});

describe('long connection: silent peers', () => {
  test('a socket that sends nothing for idleTimeoutMs is terminated; one that pings stays', async () => {
    const server = await startHubServer({ idleTimeoutMs: 300 });
    const PING = Buffer.from('08001000180120002a0c0a0474797065120470696e67', 'hex');
    try {
      const silent = await RawClient.open(await connectUrl(server.url));
      const talker = await RawClient.open(await connectUrl(server.url));
      const pinging = setInterval(() => talker.send(PING), 100);
      const started = Date.now();
      await silent.closed;
      const waited = Date.now() - started;
      assert.ok(waited >= 250 && waited < 1000, `closed after ${waited} ms`);
      await new Promise((resolve) => setTimeout(resolve, 400));
      clearInterval(pinging);
      assert.equal(server.hub.connectionCount(FULL), 1);
      assert.equal(headersOf(await talker.next()).type, 'pong');
      talker.socket.terminate();
    } finally {
      await server.close();
    }
  });
});

describe('long connection: deliveries in flight are bounded', () => {
  test('past maxInFlight awaiting an ack, an attempt fails at once; a settled one frees its place', async () => {
    const server = await startHubServer({ maxInFlight: 1 });
    try {
      const raw = await RawClient.open(await connectUrl(server.url));
      const first = server.hub.deliver(FULL, '{}');
      assert.deepEqual(outcomeOf(await server.hub.deliver(FULL, '{}')), { ok: false, code: null, error: 'too many deliveries awaiting an ack (limit 1)' });
      raw.ack(await raw.next(), { code: 200 });
      assert.deepEqual(outcomeOf(await first), OK);
      const third = server.hub.deliver(FULL, '{}');
      raw.ack(await raw.next(), { code: 200 });
      assert.deepEqual(outcomeOf(await third), OK);
      raw.socket.terminate();
    } finally {
      await server.close();
    }
  });
});

describe('long connection: closing the hub', () => {
  test('fails pending attempts, terminates every socket, refuses what comes after', async () => {
    const server = await startHubServer();
    try {
      const raw = await RawClient.open(await connectUrl(server.url));
      const attempt = server.hub.deliver(FULL, '{}');
      await raw.next();
      await server.hub.close();
      assert.deepEqual(outcomeOf(await attempt), { ok: false, code: null, error: 'the long-connection hub closed' });
      await raw.closed;
      assert.deepEqual([...server.hub.connectedApps()], []);
      assert.deepEqual(outcomeOf(await server.hub.deliver(FULL, '{}')), { ok: false, code: null, error: 'the long-connection hub is closed' });
      const answer = await fetch(`${server.url}/callback/ws/endpoint`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ AppID: FULL, AppSecret: APPS.full.app_secret }) });
      assert.deepEqual(await answer.json(), { code: 1000040343, msg: 'the server is shutting down', data: {} });
    } finally {
      await server.close();
    }
  });

  test('closing the server closes the hub: a connected SDK client does not hold it open', async () => {
    const server = await startHubServer();
    const client = await sdkClient(server.url, 'full');
    try {
      assert.equal(server.hub.connectionCount(FULL), 1);
      await server.close();
      assert.deepEqual([...server.hub.connectedApps()], []);
    } finally {
      client.ws.close({ force: true });
    }
  });
});
