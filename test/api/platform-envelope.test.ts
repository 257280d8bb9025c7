/**
 * The envelope every Open API reply wears (platform.md §1–§2): `{code,msg,data}`,
 * the X-Tt-Logid header, JSON content type, plain-text 404s, and a precise 400 —
 * never a 500, never a change — for any malformed request.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken, type RawResponse } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const LOG_ID = /^\d{14}[0-9A-F]{20}$/;
const JSON_TYPE = 'application/json; charset=utf-8';

/** fetch refuses a body on GET; the SDK sends one anyway, so node:http does too. */
function send(url: string, method: string, body: string | undefined, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const framed = body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = httpRequest(url, { method, headers: framed }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers: h, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function assertEnvelopeHeaders(r: RawResponse): void {
  assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID);
  assert.equal(r.headers.get('content-type'), JSON_TYPE);
}

/** A 400 190002/190014 naming `field`, with the log id in `error`. */
function assertInvalid(r: RawResponse, field: string, code = 190002): void {
  assert.equal(r.status, 400, r.text);
  assertEnvelopeHeaders(r);
  assert.equal(r.json.code, code);
  assert.equal(r.json.msg, code === 190002 ? 'invalid parameters in request' : 'invalid request parameters. check details for more info.');
  assert.equal(r.json.error.log_id, r.headers.get('x-tt-logid'));
  assert.ok(r.json.error.field_violations.some((v: { field: string }) => v.field === field), r.text);
  assert.equal(r.json.data, undefined);
}

for (const dialect of DIALECTS) {
  describe(`platform: envelope, log id, parsing (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let base: string;
    before(async () => {
      server = await startServer({ dialect });
      token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      base = `${server.url}/open-apis/calendar/v4/calendars`;
    });
    after(() => server.close());

    const calendarIds = async () => {
      const res = await server.client().calendar.v4.calendar.list({ params: { page_size: 1000 } });
      return res.data!.calendar_list!.map((c) => `${c.calendar_id}|${c.summary}|${c.color}|${c.permissions}`).sort();
    };
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      raw(`${base}${path}`, { method: 'POST', token, body, headers });

    test('success: {code:0,msg:"success",data}, log id header, JSON content type', async () => {
      const r = await post('', JSON.stringify({ summary: 'Envelope' }));
      assert.equal(r.status, 200);
      assertEnvelopeHeaders(r);
      assert.deepEqual(Object.keys(r.json), ['code', 'msg', 'data']);
      assert.equal(r.json.code, 0);
      assert.equal(r.json.msg, 'success');
      assert.equal(r.json.data.calendar.summary, 'Envelope');
    });

    test('failure: code, msg and error.log_id equal to the header; no data', async () => {
      const r = await raw(`${base}/acme_nope@group.calendar.feishu.cn`, { token });
      assert.equal(r.status, 404);
      assertEnvelopeHeaders(r);
      assert.deepEqual(r.json, { code: 191000, msg: 'calendar not found', error: { log_id: r.headers.get('x-tt-logid') } });
    });

    test('every reply has a fresh log id, token endpoint and 404s included', async () => {
      const a = await post('/primary', '');
      const b = await post('/primary', '');
      const tokenReply = await raw(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        method: 'POST', body: JSON.stringify({ app_id: APPS.full.app_id, app_secret: APPS.full.app_secret }),
      });
      const missing = await raw(`${server.url}/open-apis/nope`);
      const ids = [a, b, tokenReply, missing].map((r) => r.headers.get('x-tt-logid') ?? '');
      for (const id of ids) assert.match(id, LOG_ID);
      assert.equal(new Set(ids).size, 4);
    });

    test('unknown routes and wrong methods: 404 text/plain "404 page not found"', async () => {
      const cases: Array<[string, string]> = [
        ['GET', `${server.url}/open-apis/nope`],
        ['GET', `${server.url}/open-apis/calendar/v4/nothing/here`],
        ['GET', `${server.url}/favicon.ico`],
        ['PUT', base],
        ['DELETE', base],
        ['GET', `${server.url}/open-apis/auth/v3/tenant_access_token/internal`],
        ['PUT', `${base}/acme_x@group.calendar.feishu.cn/acls`],
        ['GET', `${base}/primary/extra/segments`],
      ];
      for (const [method, url] of cases) {
        const r = await send(url, method, '{}', { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });
        assert.equal(r.status, 404, `${method} ${url}`);
        assert.equal(r.text, '404 page not found');
        assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
      }
    });

    test('the token path answers with a trailing slash too', async () => {
      const r = await raw(`${server.url}/open-apis/auth/v3/tenant_access_token/internal/`, {
        method: 'POST', body: JSON.stringify({ app_id: APPS.full.app_id, app_secret: APPS.full.app_secret }),
      });
      assert.equal(r.status, 200);
      assert.equal(r.json.code, 0);
      assert.equal(r.json.tenant_access_token, token);
    });

    test('a {} body on GET and DELETE is accepted', async () => {
      const created = await server.client().calendar.v4.calendar.create({ data: { summary: 'ToDelete' } });
      const id = created.data!.calendar!.calendar_id;
      const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
      const got = await send(`${base}/${id}`, 'GET', '{}', headers);
      assert.equal(got.status, 200, got.text);
      assert.equal(got.json.data.calendar_id, id);
      const listed = await send(`${base}?page_size=50`, 'GET', '{}', headers);
      assert.equal(listed.json.code, 0);
      const deleted = await send(`${base}/${id}`, 'DELETE', '{}', headers);
      assert.deepEqual([deleted.status, deleted.json], [200, { code: 0, msg: 'success', data: {} }]);
      // And through the SDK, which always sends `data` (platform.md §1).
      const sdk = await server.client().calendar.v4.calendar.list({ params: { page_size: 50 } });
      assert.equal(sdk.code, 0);
    });

    test('POST with Content-Type application/json and no body, or no content type at all', async () => {
      const empty = await post('/primary', '');
      assert.equal(empty.status, 200, empty.text);
      assert.equal(empty.json.data.calendars.length, 1);
      const none = await send(`${base}/primary`, 'POST', undefined, { Authorization: `Bearer ${token}` });
      assert.equal(none.status, 200, none.text);
      const blank = await post('/primary', '  \n ');
      assert.equal(blank.status, 200, blank.text);
    });

    test('application/json with and without charset', async () => {
      for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8']) {
        const r = await post('', JSON.stringify({ summary: `typed ${type}` }), { 'Content-Type': type });
        assert.equal(r.status, 200, `${type}: ${r.text}`);
        assert.equal(r.json.data.calendar.summary, `typed ${type}`);
      }
    });

    test('UTF-8 in and out: unicode summaries survive untouched', async () => {
      const summary = '日程 🎉 Ünïcødé \u200b';
      const r = await post('', JSON.stringify({ summary }));
      assert.equal(r.json.data.calendar.summary, summary);
      const got = await server.client().calendar.v4.calendar.get({ path: { calendar_id: r.json.data.calendar.calendar_id } });
      assert.equal(got.data!.summary, summary);
    });

    test('repeated query keys are an array: page_size=1&page_size=2 is 190002, not 500', async () => {
      const r = await raw(`${base}?page_size=1&page_size=2`, { token });
      assertInvalid(r, 'page_size');
    });

    test('malformed JSON: 400 190002 with field_violations, nothing created', async () => {
      const before = await calendarIds();
      for (const body of ['{"summary":', '{summary: "x"}', "{'a':1}", '{"a":1}}', 'nul', '\u0000', '{"a":"\\x"}', '['.repeat(50_000)]) {
        const r = await post('', body);
        assertInvalid(r, '(body)');
      }
      assert.deepEqual(await calendarIds(), before);
    });

    test('wrong types, unknown enums, over-long strings, out-of-range int32 name the field and change nothing', async () => {
      const before = await calendarIds();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ summary: 'x'.repeat(256) }, 'summary'],
        [{ description: 'x'.repeat(256) }, 'description'],
        [{ summary: 5 }, 'summary'],
        [{ summary: null }, 'summary'],
        [{ summary: ['a'] }, 'summary'],
        [{ summary: { a: 1 } }, 'summary'],
        [{ permissions: 'everyone' }, 'permissions'],
        [{ permissions: 'PUBLIC' }, 'permissions'],
        [{ color: 2147483648 }, 'color'],
        [{ color: -2147483649 }, 'color'],
        [{ color: 1.5 }, 'color'],
        [{ color: '5' }, 'color'],
        [{ color: true }, 'color'],
      ];
      for (const [body, field] of cases) assertInvalid(await post('', JSON.stringify(body)), field);
      // Through the SDK too: a 400 the SDK throws on.
      const sdk = await sdkFailure(server.client().calendar.v4.calendar.create({ data: { summary: 'y'.repeat(256) } }));
      assert.deepEqual([sdk.status, sdk.body.code], [400, 190002]);
      assert.deepEqual(await calendarIds(), before);
    });

    test('the boundaries themselves are accepted', async () => {
      const r = await post('', JSON.stringify({ summary: 'x'.repeat(255), color: 2147483647 }));
      assert.equal(r.status, 200, r.text);
      const low = await post('', JSON.stringify({ color: -2147483648 }));
      assert.equal(low.status, 200, low.text);
    });

    test('an unknown enum value says which values are allowed, once', async () => {
      const r = await post('', JSON.stringify({ permissions: 'everyone' }));
      assertInvalid(r, 'permissions');
      const violations = r.json.error.field_violations as Array<{ field: string; value?: string; description: string }>;
      assert.equal(violations.length, 1, r.text);
      assert.equal(violations[0]!.value, 'everyone');
      assert.match(violations[0]!.description, /private, show_only_free_busy, public/);
    });

    test('calendars.patch answers the same mistakes with 190014', async () => {
      const created = await server.client().calendar.v4.calendar.create({ data: { summary: 'Patchable', color: -1 } });
      const id = created.data!.calendar!.calendar_id;
      const before = await calendarIds();
      const cases: Array<[string, string]> = [
        [JSON.stringify({ summary: 'x'.repeat(256) }), 'summary'],
        [JSON.stringify({ permissions: 'everyone' }), 'permissions'],
        [JSON.stringify({ color: 2147483648 }), 'color'],
        [JSON.stringify({ color: '5' }), 'color'],
        ['[]', '(body)'],
      ];
      for (const [body, field] of cases) {
        assertInvalid(await raw(`${base}/${id}`, { method: 'PATCH', token, body }), field, 190014);
      }
      assertInvalid(await raw(`${base}/${id}`, { method: 'PATCH', token, body: '{"summary":' }), '(body)', 190014);
      const wrongType = await raw(`${base}/${id}`, { method: 'PATCH', token, body: '<x/>', headers: { 'Content-Type': 'application/xml' } });
      assert.deepEqual([wrongType.status, wrongType.json.code], [400, 190014]);
      assert.deepEqual(await calendarIds(), before);
    });

    test('fuzz: odd bodies and queries never produce a 500', async () => {
      const before = await calendarIds();
      const bodies = ['[1,2]', '[]', '"hi"', '5', 'true', 'null', '{"summary":"a","summary":"b","permissions":"nope"}',
        '{"color":1e400}', JSON.stringify({ color: '2147483647' }), JSON.stringify({ summary: { toString: 'x' } })];
      for (const body of bodies) {
        for (const path of ['', '/search', '/mget', '/primarys', '/primary']) {
          const r = await post(path, body);
          assert.ok(r.status < 500, `${path} ${body}: ${r.status} ${r.text}`);
          assert.equal(typeof r.json?.code, 'number', `${path} ${body}: ${r.text}`);
          assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID);
        }
      }
      // Rejected outright: not integers, beyond the maximum, over-long tokens, unknown id types.
      const rejected = [`page_token=${'a'.repeat(5000)}`, 'page_size=1e9', 'page_size=abc', 'page_size=1.5',
        `page_size=${'9'.repeat(400)}`, 'page_size=1001', 'page_size=1&page_size=2'];
      for (const q of rejected) {
        const r = await raw(`${base}?${q}`, { token });
        assert.equal(r.status, 400, `${q}: ${r.text}`);
        assert.notEqual(r.json?.code, 0, `${q}: ${r.text}`);
        assert.equal(r.headers.get('content-type'), JSON_TYPE);
      }
      // Clamped or rejected (calendars.md §3 leaves it open), but never a 500.
      const odd = [`page_token=${encodeURIComponent('日本語🎉')}`, 'page_token=%E0%A4%A', 'page_size=-1', 'page_size=', 'page_size=0',
        'sync_token=x&page_token=y', 'page_token=&page_token=', 'page_size[a]=1', 'unknown=1', `sync_token=${encodeURIComponent('\u0000')}`];
      for (const q of odd) {
        const r = await raw(`${base}?${q}`, { token });
        assert.ok(r.status < 500, `${q}: ${r.status} ${r.text}`);
        assert.equal(r.headers.get('content-type'), JSON_TYPE);
      }
      const primary = await raw(`${base}/primary?user_id_type=nope`, { method: 'POST', token, body: '{}' });
      assert.deepEqual([primary.status, primary.json.code], [400, 190002]);
      const twice = await raw(`${base}/primary?user_id_type=open_id&user_id_type=user_id`, { method: 'POST', token, body: '{}' });
      assert.deepEqual([twice.status, twice.json.code], [400, 190002]);
      const paths = [`${base}/${'x'.repeat(2000)}`, `${base}/%00`, `${base}/%ZZ`, `${base}/${encodeURIComponent('日本')}`];
      for (const url of paths) {
        const r = await raw(url, { token });
        assert.ok(r.status < 500, `${url}: ${r.status} ${r.text}`);
      }
      const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx'];
      for (const type of types) {
        const r = await post('', 'summary=x', { 'Content-Type': type });
        assert.ok(r.status < 500, `${type}: ${r.status} ${r.text}`);
        assert.equal(typeof r.json?.code, 'number', `${type}: ${r.text}`);
        assert.notEqual(r.json.code, 0, `${type}: ${r.text}`);
      }
      assert.deepEqual(await calendarIds(), before);
    });

    test('unknown members, __proto__ and lone surrogates are no reason to fail', async () => {
      const proto = await post('', '{"__proto__":{"permissions":"public"},"constructor":{"prototype":{"x":1}},"extra":1}');
      assert.equal(proto.status, 200, proto.text);
      assert.equal(proto.json.data.calendar.permissions, 'show_only_free_busy');
      assert.equal(({} as Record<string, unknown>).permissions, undefined);
      // Go's encoding/json (Feishu's side) replaces a lone surrogate with U+FFFD instead of failing.
      const surrogate = await post('', '{"summary":"a\\ud800b"}');
      assert.equal(surrogate.status, 200, surrogate.text);
    });

    test('a body over the size limit is a 400 in the envelope', async () => {
      const r = await post('', JSON.stringify({ summary: 'x'.repeat(11 * 1024 * 1024) }));
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 190002);
      assert.equal(r.headers.get('content-type'), JSON_TYPE);
    });
  });
}
