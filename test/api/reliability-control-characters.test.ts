/**
 * Issue #16 defect 2: a NUL (or another C0 control but tab, LF, CR) in any
 * string is refused at validation, naming the field in the route's own
 * dialect, identically on SQLite and PostgreSQL (which answered 500 `invalid
 * byte sequence for encoding "UTF8": 0x00`), and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken, type RawResponse } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const LOG_ID = /^\d{14}[0-9A-F]{20}$/;
const CONTROL = /must not contain control characters/;

/** The envelope's refusal of `field`: status 400, `code`, the log id, and a violation naming it. */
function assertRefused(r: RawResponse, code: number, field: string): void {
  assert.equal(r.status, 400, r.text);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(r.json.code, code, r.text);
  assert.match(r.json.error.log_id, LOG_ID);
  assert.equal(r.json.error.log_id, r.headers.get('x-tt-logid'));
  assert.deepEqual(r.json.error.field_violations.map((v: { field: string }) => v.field), [field], r.text);
  assert.match(r.json.error.field_violations[0].description, CONTROL);
}

for (const dialect of DIALECTS) {
  describe(`reliability: control characters in strings (${dialect})`, () => {
    let server: TestServer;
    let token: string;
    let base: string;
    let calendarId: string;
    before(async () => {
      server = await startServer({ dialect });
      token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      base = `${server.url}/open-apis`;
      calendarId = (await server.client().calendar.v4.calendar.create({ data: { summary: 'Controls' } })).data!.calendar!.calendar_id!;
    });
    after(() => server.close());

    const send = (method: string, path: string, body?: unknown) =>
      raw(`${base}${path}`, { method, token, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const calendars = async () => (await server.client().calendar.v4.calendar.list({ params: { page_size: 1000 } })).data!.calendar_list!
      .map((c) => `${c.calendar_id}|${c.summary}|${c.description}|${c.summary_alias}`).sort();

    test('body strings: calendar create, search, patch, batch_get_id, freebusy/batch, a nested event field', async () => {
      const before = await calendars();
      assertRefused(await send('POST', '/calendar/v4/calendars', { summary: 'x', description: '\u0000' }), 190002, 'description');
      assertRefused(await send('POST', '/calendar/v4/calendars/search', { query: 'a\u0000' }), 190002, 'query');
      // calendars.patch answers its parameter errors 190014, as its docs list.
      assertRefused(await send('PATCH', `/calendar/v4/calendars/${calendarId}`, { summary_alias: 'a\u0000b' }), 190014, 'summary_alias');
      // contact is another service: the gateway's 99992402.
      assertRefused(await send('POST', '/contact/v3/users/batch_get_id', { emails: ['a\u0000@acme.example'] }), 99992402, 'emails.0');
      assertRefused(await send('POST', '/calendar/v4/freebusy/batch', {
        time_min: '2026-01-05T00:00:00+08:00', time_max: '2026-01-06T00:00:00+08:00', user_ids: ['ou_a', 'b\u0000'],
      }), 190014, 'user_ids.1');
      assertRefused(await send('POST', `/calendar/v4/calendars/${calendarId}/events`, {
        summary: 's', start_time: { timestamp: '1767571200' }, end_time: { timestamp: '1767574800' }, location: { name: 'Room\u0007' },
      }), 190002, 'location.name');
      assert.deepEqual(await calendars(), before);
    });

    test('through the SDK: a 400 it throws on, naming the field', async () => {
      const failure = await sdkFailure(server.client().calendar.v4.calendar.create({ data: { summary: 'Nul\u0000' } }));
      assert.deepEqual([failure.status, failure.body.code, failure.body.error.field_violations[0].field], [400, 190002, 'summary']);
    });

    test('every C0 control but tab, LF and CR is refused; those three are kept', async () => {
      for (const code of [0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f]) {
        assertRefused(await send('POST', '/calendar/v4/calendars', { summary: `a${String.fromCharCode(code)}b` }), 190002, 'summary');
      }
      const kept = await send('POST', '/calendar/v4/calendars', { summary: 'a\tb', description: 'line\r\nline\n' });
      assert.equal(kept.status, 200, kept.text);
      assert.deepEqual([kept.json.data.calendar.summary, kept.json.data.calendar.description], ['a\tb', 'line\r\nline\n']);
    });

    test('path and query parameters: %00 in :timeoff_event_id, :calendar_id, contact :user_id, idempotency_key', async () => {
      assertRefused(await send('DELETE', '/calendar/v4/timeoff_events/a%00b'), 190002, 'timeoff_event_id');
      assertRefused(await send('GET', '/calendar/v4/calendars/a%00b'), 190002, 'calendar_id');
      assertRefused(await send('GET', '/contact/v3/users/a%00?user_id_type=user_id'), 99992402, 'user_id');
      const before = await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId } });
      assertRefused(await send('POST', `/calendar/v4/calendars/${calendarId}/events?idempotency_key=k%00`, {
        summary: 's', start_time: { timestamp: '1767571200' }, end_time: { timestamp: '1767574800' },
      }), 190002, 'idempotency_key');
      const after = await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId } });
      assert.deepEqual(after.data?.items ?? [], before.data?.items ?? []);
    });

    test('a field the route ignores is no exception, nor is an object key', async () => {
      assertRefused(await send('POST', '/calendar/v4/calendars', { summary: 'Unknown field', not_a_field: ['ok', '\u0000'] }), 190002, 'not_a_field.1');
      assertRefused(await send('POST', '/calendar/v4/calendars', { summary: 'Key', extra: { 'a\u0000': 1 } }), 190002, 'extra.a\u0000');
    });

    test('the token endpoints answer it as any bad parameter: HTTP 200 10003 invalid param', async () => {
      for (const path of ['/auth/v3/tenant_access_token/internal', '/auth/v3/app_access_token/internal']) {
        const r = await raw(`${base}${path}`, { method: 'POST', body: JSON.stringify({ app_id: 'a\u0000b', app_secret: APPS.full.app_secret }) });
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.json, { code: 10003, data: {}, msg: 'invalid param' });
        assert.match(r.headers.get('x-tt-logid') ?? '', LOG_ID);
      }
    });

    test('the sign-in endpoints answer in their own dialects: the HTML page, OAuth v2 and authen v1', async () => {
      const page = await raw(`${base}/authen/v1/authorize?client_id=${APPS.full.app_id}%00&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code`);
      assert.equal(page.status, 400, page.text);
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(page.text, /Error 20001: Invalid request/);

      const v2 = await raw(`${base}/authen/v2/oauth/token`, {
        method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', client_id: 'a\u0000', client_secret: 'x', code: 'c' }),
      });
      assert.deepEqual([v2.status, v2.json], [400, { code: 20063, error: 'invalid_request', error_description: 'The request is malformed. Please check your request.' }]);

      const v1 = await raw(`${base}/authen/v1/oidc/access_token`, { method: 'POST', token, body: JSON.stringify({ grant_type: 'authorization_code', code: 'a\u0000' }) });
      assert.equal(v1.status, 200, v1.text);
      assert.deepEqual([v1.json.code, v1.json.msg], [20001, 'Invalid request']);
    });
  });
}
