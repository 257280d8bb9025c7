/**
 * Operations (issue #16 §4): /readyz weighs the database, /metrics answers the
 * admin or metrics token only and counts Open API calls by route pattern and
 * Feishu code, and /open-apis/openapi.json documents exactly the routes served.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { routesOf } from '../../src/adapters/operations/openapi.js';
import { startLarkcal, type Larkcal } from '../../src/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { raw, tenantToken } from '../support/http.js';
import { startServer } from '../support/server.js';

const METRICS_TOKEN = 'prometheus-scrape-token-0123';
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

for (const dialect of DIALECTS) {
  describe(`operations: /readyz and /metrics (${dialect})`, () => {
    let database: TestDatabase;
    let larkcal: Larkcal;
    before(async () => {
      database = await freshDatabase(dialect);
      larkcal = await startLarkcal({ db: database.text, metricsToken: METRICS_TOKEN });
    });
    after(async () => {
      await larkcal.stop();
      await database.drop();
    });

    test('/readyz answers 200 with the database up; /healthz stays the liveness check', async () => {
      const ready = await raw(`${larkcal.url}/readyz`);
      assert.equal(ready.status, 200);
      assert.deepEqual(ready.json, { status: 'ready', database: 'up' });
      assert.deepEqual((await raw(`${larkcal.url}/healthz`)).json, { status: 'ok' });
    });

    test('/metrics refuses a missing, wrong or Feishu token with 401 and a Bearer challenge', async () => {
      const app = larkcal.demo!.apps[0]!;
      const feishu = await tenantToken(larkcal.url, app.appId, app.appSecret);
      for (const authorization of [undefined, 'Bearer not-the-token-at-all', `Bearer ${feishu}`, `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`]) {
        const answer = await raw(`${larkcal.url}/metrics`, { headers: authorization ? { authorization } : {} });
        assert.equal(answer.status, 401, authorization);
        assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="larkcal metrics"');
        assert.doesNotMatch(answer.text, /larkcal_http/);
      }
    });

    test('counts SDK calls by route pattern and Feishu code, with latency, outbox depth and event-loop lag; the metrics token reads it too', async () => {
      const app = larkcal.demo!.apps[0]!;
      const client = new lark.Client({ appId: app.appId, appSecret: app.appSecret, domain: larkcal.url, logger: SILENT });
      const created = await client.calendar.v4.calendar.create({ data: { summary: 'Metered' } });
      assert.equal(created.code, 0);
      const id = created.data!.calendar!.calendar_id!;
      for (let i = 0; i < 3; i++) assert.equal((await client.calendar.v4.calendar.get({ path: { calendar_id: id } })).code, 0);
      const missing = await client.calendar.v4.calendar.get({ path: { calendar_id: 'feishu.cn_nope@group.calendar.feishu.cn' } }).catch((e: { response?: { data?: { code?: number } } }) => e.response?.data);
      const missingCode = (missing as { code?: number }).code;
      assert.ok(missingCode && missingCode > 0);

      for (const token of [larkcal.adminToken, METRICS_TOKEN]) {
        const answer = await raw(`${larkcal.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(answer.status, 200);
        assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
        const text = answer.text;
        assert.match(text, /^larkcal_http_requests_total\{route="\/open-apis\/calendar\/v4\/calendars\/:calendar_id",method="GET",status="200",code="0"\} 3$/m);
        assert.match(text, new RegExp(`^larkcal_http_requests_total\\{route="/open-apis/calendar/v4/calendars/:calendar_id",method="GET",status="\\d+",code="${missingCode}"\\} 1$`, 'm'));
        assert.match(text, /^larkcal_http_requests_total\{route="\/open-apis\/calendar\/v4\/calendars",method="POST",status="200",code="0"\} 1$/m);
        assert.match(text, /^larkcal_http_request_duration_seconds_count\{route="\/open-apis\/calendar\/v4\/calendars\/:calendar_id",method="GET"\} 4$/m);
        assert.match(text, /^larkcal_delivery_outbox\{status="pending"\} \d+$/m);
        assert.match(text, /^larkcal_nodejs_eventloop_lag_seconds [0-9.e-]+$/m);
        assert.match(text, /^larkcal_process_resident_memory_bytes \d+$/m);
        if (dialect === 'sqlite') assert.match(text, /^larkcal_sqlite_commits\{kind="commits"\} \d+$/m);
        if (dialect === 'postgres') assert.match(text, /^larkcal_db_pool_connections\{state="open"\} [1-9]\d*$/m);
        assert.match(text, /^larkcal_db_transactions\{kind="count"\} [1-9]\d*$/m);
        assert.match(text, /^larkcal_db_transactions\{kind="wait_seconds_total"\} [0-9.e-]+$/m);
        // Raw URLs never become labels: the calendar id appears nowhere.
        assert.doesNotMatch(text, /Metered|feishu\.cn_nope/);
        assert.ok(!text.includes(id));
      }
    });
  });
}

describe('operations: the OpenAPI document', () => {
  test('/open-apis/openapi.json is OpenAPI 3.1 and lists exactly the routes the server registered', async () => {
    const server = await startServer();
    try {
      const answer = await raw(`${server.url}/open-apis/openapi.json`);
      assert.equal(answer.status, 200);
      const doc = answer.json as { openapi: string; paths: Record<string, Record<string, unknown>> };
      assert.equal(doc.openapi, '3.1.0');
      // HEAD is left out on both sides: Fastify adds one to every GET, and routesOf counts none.
      const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${path}`)));
      const registered = new Set(routesOf(server.app)
        .filter((r) => r.url !== '/open-apis/openapi.json')
        .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}')}`));
      assert.ok(registered.size > 60, `only ${registered.size} routes seen`);
      assert.deepEqual([...registered].filter((r) => !documented.has(r)), [], 'registered but not documented');
      assert.deepEqual([...documented].filter((r) => !registered.has(r)), [], 'documented but not registered');
      assert.ok(documented.has('POST /open-apis/calendar/v4/calendars/{calendar_id}/events'));
      assert.ok(documented.has('GET /open-apis/calendar/v4/calendars/{calendar_id}/events/instance_view'));
    } finally {
      await server.close();
    }
  });
});
