/**
 * `POST /callback/ws/endpoint` and the WebSocket upgrade (platform.md §9.1):
 * the URL the SDK can use, the errors it reads as fatal, one-use tickets.
 * SQLite only: the transport keeps nothing in the store.
 */
import assert from 'node:assert/strict';
import { parse as parseQuery } from 'node:querystring';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { TicketBook } from '../../src/adapters/long-connection/tickets.js';
import { APPS } from '../support/fixture.js';
import { connectUrl, postEndpoint, sdkClient, startHubServer, type HubServer, type SdkClient } from './long-connection-support.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const body = (name: keyof typeof APPS, secret: string = APPS[name].app_secret) => JSON.stringify({ AppID: APPS[name].app_id, AppSecret: secret });
const CONFIG = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

/** The upgrade's answer when it is refused: status line and the headers the Go SDK reads. */
function refusedUpgrade(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      res.resume();
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('error', () => {});
  });
}

describe('long connection: the endpoint', () => {
  let server: HubServer;
  before(async () => {
    server = await startHubServer({ maxConnectionsPerApp: 2, ticketTtlMs: 200 });
  });
  after(() => server.close());

  test('answers a one-use ws:// URL on its own port, device_id and service_id not first, and all four config keys', async () => {
    const answer = await postEndpoint(server.url, body('full'));
    assert.deepEqual([answer.status, answer.type, Object.keys(answer.body)], [200, JSON_TYPE, ['code', 'msg', 'data']]);
    assert.deepEqual([answer.body.code, answer.body.msg, answer.body.data.ClientConfig], [0, 'ok', CONFIG]);
    const url: string = answer.body.data.URL;
    const port = new URL(server.url).port;
    assert.match(url, new RegExp(`^ws://127\\.0\\.0\\.1:${port}/ws/v2\\?fpid=1&device_id=[0-9]+&service_id=[0-9]+&ticket=[0-9a-f]{32}$`));
    // What the SDK does with it: `qs.parse` on the whole URL, whose first key swallows the prefix.
    const { device_id, service_id } = parseQuery(url);
    assert.equal(typeof device_id, 'string');
    const service = Number(service_id);
    assert.ok(Number.isInteger(service) && service > 0 && service < 2 ** 31, `service_id ${service_id}`);
  });

  test('takes the host from the request\'s Host header', async () => {
    const answer = await postEndpoint(server.url, body('full'), { 'Content-Type': 'application/json', Host: 'calendar.example:8443' });
    assert.match(answer.body.data.URL, /^ws:\/\/calendar\.example:8443\/ws\/v2\?fpid=1&/);
  });

  test('a request without a Host header (HTTP/1.0) gets a 400: there is no host to point the URL at', async () => {
    const port = Number(new URL(server.url).port);
    const request = body('full');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`POST /callback/ws/endpoint HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${request.length}\r\n\r\n${request}`);
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.deepEqual(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { code: 400, msg: 'bad request: a Host header is required', data: {} });
  });

  test('a wrong secret or an unknown app: 514 with data {}', async () => {
    const auth = { code: 514, msg: 'auth failed: unknown app or wrong AppSecret', data: {} };
    for (const request of [body('full', 'wrong-secret'), body('full', ''), JSON.stringify({ AppID: 'cli_0000000000000000', AppSecret: 'x' })]) {
      assert.deepEqual(await postEndpoint(server.url, request), { status: 200, type: JSON_TYPE, body: auth }, request);
    }
  });

  test('an app not configured for the long connection: 403 with data {}, and the SDK gives up (fatal)', async () => {
    assert.deepEqual(await postEndpoint(server.url, body('noscope')), {
      status: 200, type: JSON_TYPE, body: { code: 403, msg: 'the app does not receive events over the long connection', data: {} },
    });
    const client = await sdkClient(server.url, 'noscope');
    client.ws.close();
    assert.deepEqual(client.errors.map((e) => e.message), ['pullConnectConfig failed: code=403, msg=the app does not receive events over the long connection']);
    assert.equal(client.ws.getConnectionStatus().state, 'failed');
  });

  test('at the cap (2 here, 50 by default) the endpoint answers 1000040350, fatal for the SDK', async () => {
    const clients: SdkClient[] = [];
    try {
      clients.push(await sdkClient(server.url, 'nobot'), await sdkClient(server.url, 'nobot'));
      assert.equal(server.hub.connectionCount(APPS.nobot.app_id), 2);
      assert.deepEqual((await postEndpoint(server.url, body('nobot'))).body, { code: 1000040350, msg: 'exceeded connection limit', data: {} });
      const third = await sdkClient(server.url, 'nobot');
      clients.push(third);
      assert.deepEqual(third.errors.map((e) => e.message), ['pullConnectConfig failed: code=1000040350, msg=exceeded connection limit']);
      // Another app is not affected.
      assert.equal((await postEndpoint(server.url, body('full'))).body.code, 0);
    } finally {
      for (const client of clients) client.ws.close();
    }
  });

  test('a URL handed out before the cap was reached is refused at the upgrade once it is', async () => {
    const urls = [await connectUrl(server.url, 'globex'), await connectUrl(server.url, 'globex'), await connectUrl(server.url, 'globex')];
    const sockets = await Promise.all(urls.slice(0, 2).map((url) => new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    })));
    try {
      assert.deepEqual(await refusedUpgrade(urls[2]!).then(({ status, headers }) => [status, headers['handshake-status'], headers['handshake-autherrcode']]), [403, '514', '1000040350']);
    } finally {
      for (const socket of sockets) socket.terminate();
    }
  });

  test('malformed bodies: HTTP 400 (413, 415 where Fastify says so) in the endpoint\'s dialect', async () => {
    const bad = (msg: string, status = 400) => ({ status, type: JSON_TYPE, body: { code: 400, msg: `bad request: ${msg}`, data: {} } });
    // JSON.parse's own words vary with the Node version: only their start is fixed.
    for (const request of ['{bad', '']) {
      const answer = await postEndpoint(server.url, request);
      assert.deepEqual([answer.status, answer.type, answer.body.code, answer.body.data], [400, JSON_TYPE, 400, {}]);
      assert.match(answer.body.msg, /^bad request: body is not valid JSON: \S/);
    }
    const cases: [string, Record<string, string> | undefined, ReturnType<typeof bad>][] = [
      ['[]', undefined, bad('body must be a JSON object {"AppID", "AppSecret"}')],
      ['"cli_a1b2c3d4e5f60718"', undefined, bad('body must be a JSON object {"AppID", "AppSecret"}')],
      ['{"AppSecret":"x"}', undefined, bad('AppID must be a non-empty string')],
      ['{"AppID":7,"AppSecret":"x"}', undefined, bad('AppID must be a non-empty string')],
      [`{"AppID":"${APPS.full.app_id}"}`, undefined, bad('AppSecret must be a string')],
      [`{"AppID":"${APPS.full.app_id}","AppSecret":null}`, undefined, bad('AppSecret must be a string')],
    ];
    for (const [request, headers, expected] of cases) assert.deepEqual(await postEndpoint(server.url, request, headers), expected, request);
    // Fastify reads text/plain as a string, which is no object; other types it refuses itself.
    assert.deepEqual(await postEndpoint(server.url, body('full'), { 'Content-Type': 'text/plain' }), bad('body must be a JSON object {"AppID", "AppSecret"}'));
    const xml = await postEndpoint(server.url, body('full'), { 'Content-Type': 'application/xml' });
    assert.deepEqual([xml.status, xml.body.code, xml.body.data], [415, 400, {}]);
    const huge = await postEndpoint(server.url, JSON.stringify({ AppID: APPS.full.app_id, AppSecret: 'x'.repeat(20_000) }));
    assert.deepEqual([huge.status, huge.body.code, huge.body.data], [413, 400, {}]);
  });

  test('other paths under /callback and other methods: 404 in the same dialect', async () => {
    for (const [method, path] of [['GET', '/callback/ws/endpoint'], ['POST', '/callback/nope'], ['GET', '/callback']]) {
      const response = await fetch(`${server.url}${path}`, { method });
      assert.deepEqual([response.status, response.headers.get('content-type'), await response.json()], [404, JSON_TYPE, { code: 404, msg: 'not found', data: {} }], `${method} ${path}`);
    }
  });

  test('a ticket opens one socket once; a used, unknown or expired one is refused with 401 and Handshake-Status 514', async () => {
    const url = await connectUrl(server.url);
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    assert.equal(server.hub.connectionCount(APPS.full.app_id), 1);
    const refused = async (u: string) => refusedUpgrade(u).then(({ status, headers }) => [status, headers['handshake-status'], headers['handshake-msg']]);
    const expected = [401, '514', 'ticket unknown, used or expired'];
    assert.deepEqual(await refused(url), expected);
    socket.terminate();
    assert.deepEqual(await refused(url.replace(/ticket=[0-9a-f]+/, `ticket=${'0'.repeat(32)}`)), expected);
    assert.deepEqual(await refused(url.replace(/&ticket=[0-9a-f]+/, '')), expected);
    const stale = await connectUrl(server.url);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(await refused(stale), expected);
  });

  test('an upgrade on any other path is answered 404 and hung up', async () => {
    const port = Number(new URL(server.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /elsewhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    assert.equal(answer, 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
});

describe('long connection: tickets are bounded', () => {
  test('past `max` outstanding tickets the oldest is dropped; each redeems once', () => {
    const book = new TicketBook({ ttlMs: 1000, max: 2 });
    const [a, b, c] = [book.issue('app'), book.issue('app'), book.issue('app')];
    assert.equal(book.size, 2);
    assert.equal(book.redeem(a.value), undefined);
    assert.deepEqual([book.redeem(b.value)?.appId, book.redeem(b.value)], ['app', undefined]);
    assert.equal(book.redeem(c.value)?.appId, 'app');
    assert.match(a.value, /^[0-9a-f]{32}$/);
    assert.notEqual(a.value, b.value);
  });

  test('expired tickets are swept on issue and refused on redeem', () => {
    let now = 0;
    const book = new TicketBook({ ttlMs: 100, max: 10 }, () => now);
    const first = book.issue('app');
    now = 100;
    assert.equal(book.redeem(first.value), undefined);
    book.issue('app');
    now = 250;
    book.issue('app');
    assert.equal(book.size, 1);
  });
});
