/**
 * Issue #16 defects 3–5: what fails before a route runs. Raw HTTP over
 * node:net, since neither the SDK nor fetch sends these: a path parameter
 * over the router's limit, bad percent-encoding, oversized headers (a 20 KB
 * Authorization among them), malformed requests and CONNECT are all answered,
 * under /open-apis in Feishu's envelope (or the gateway's 404 text), and the
 * connection is then closed. And the sign-in pages answer a body they cannot
 * parse with their own 400 page.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { raw } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const LOG_ID = /^\d{14}[0-9A-F]{20}$/;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `parts` one after another (a part that is a number is a pause of that
 * many ms) and reads until the server closes the connection. A refused request
 * may be answered while the client is still writing; the rest is then dropped.
 */
function exchange(port: number, parts: Array<string | number>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the answer arrived is the server cutting a client that kept sending.
      if (received === '') reject(error);
    });
    socket.on('close', () => {
      const [head = '', ...rest] = received.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.on('connect', async () => {
      for (const part of parts) {
        if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
        else if (socket.writable) socket.write(part);
      }
    });
  });
}

/** 400 190002 in the envelope, the log id in the header and in `error`, naming `field`. */
function assertEnvelope(answer: Answer, field: '(path)' | '(request)'): void {
  assert.equal(answer.status, 400, JSON.stringify(answer));
  assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
  const body = JSON.parse(answer.body);
  assert.equal(body.code, 190002);
  assert.equal(body.msg, 'invalid parameters in request');
  assert.match(body.error.log_id, LOG_ID);
  assert.equal(body.error.log_id, answer.headers['x-tt-logid']);
  assert.deepEqual(body.error.field_violations.map((v: { field: string }) => v.field), [field]);
}

for (const dialect of DIALECTS) {
  describe(`reliability: answers before any route (${dialect})`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let port: number;
    before(async () => {
      server = await startServer({ dialect });
      port = Number(new URL(server.url).port);
    });
    after(() => server.close());

    const get = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`;

    test('a path parameter over 1,024 characters: the envelope, not FST_ERR_MAX_PARAM_LENGTH', async () => {
      const answer = await exchange(port, [get(`/open-apis/calendar/v4/calendars/${'a'.repeat(1100)}`)]);
      assertEnvelope(answer, '(path)');
      assert.match(answer.body, /longer than 1024 characters/);
    });

    test('bad percent-encoding (%FF%FE, %C0%AF): the envelope, not FST_ERR_BAD_URL', async () => {
      for (const id of ['%FF%FE', '%C0%AF', 'a%E2%82']) {
        const answer = await exchange(port, [get(`/open-apis/calendar/v4/calendars/${id}`)]);
        assertEnvelope(answer, '(path)');
        assert.doesNotMatch(answer.body, /FST_ERR/);
      }
    });

    test('oversized headers: the envelope, and the connection closed', async () => {
      const answer = await exchange(port, [get('/open-apis/calendar/v4/calendars', `X-Padding: ${'p'.repeat(20 * 1024)}\r\n`)]);
      assertEnvelope(answer, '(request)');
      assert.equal(answer.headers.connection, 'close');
    });

    test('a 20 KB Authorization header is answered at once, in one write or while the client is still sending it', async () => {
      const header = `Authorization: Bearer t-${'a'.repeat(20 * 1024)}\r\n`;
      assertEnvelope(await exchange(port, [get('/open-apis/calendar/v4/calendars', header)]), '(request)');
      const start = 'GET /open-apis/calendar/v4/calendars HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t-';
      const trickle: Array<string | number> = [start];
      for (let i = 0; i < 24; i++) trickle.push('a'.repeat(1024), 5);
      trickle.push('\r\n\r\n');
      assertEnvelope(await exchange(port, trickle), '(request)');
    });

    test('malformed requests: the envelope, not "Client Error"', async () => {
      for (const request of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET /open-apis/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']) {
        assertEnvelope(await exchange(port, [request]), '(request)');
      }
    });

    test('CONNECT is answered as the gateway answers a method it does not serve: 404 page not found', async () => {
      for (const target of ['example.com:443', '/open-apis/calendar/v4/calendars']) {
        const answer = await exchange(port, [`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`]);
        assert.deepEqual([answer.status, answer.headers['content-type'], answer.body], [404, 'text/plain; charset=utf-8', '404 page not found']);
      }
    });

    test('the server goes on serving after all of these', async () => {
      const health = await raw(`${server.url}/healthz`);
      assert.deepEqual([health.status, health.json], [200, { status: 'ok' }]);
    });

    test('the sign-in pages answer a body they cannot parse with their 400 page, never a 500', async () => {
      const bodies: Array<[string, string]> = [['application/json;;;', 'login=alice&password=x'], ['application/json', '{"a":1,}']];
      for (const path of ['/open-apis/authen/v1/authorize', '/open-apis/authen/v1/index']) {
        for (const [type, body] of bodies) {
          const r = await raw(`${server.url}${path}`, { method: 'POST', body, headers: { 'Content-Type': type } });
          assert.equal(r.status, 400, `${path} ${type}: ${r.text}`);
          assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
          assert.match(r.text, /Error 20001: Invalid request/);
        }
      }
    });
  });
}
