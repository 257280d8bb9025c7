/**
 * Faults on Open API calls (issue #12 §4): each preset's code, HTTP status and
 * headers as a client sees them, a faulted write that writes nothing, delays,
 * the countdown, seeded probabilities, and what an invalid fault gets.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, sdkFailure, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

const CALENDARS = '/open-apis/calendar/v4/calendars';
const ONE_CALENDAR = '/open-apis/calendar/v4/calendars/:calendar_id';

for (const dialect of DIALECTS) {
  describe(`admin API: faults (${dialect})`, () => {
    let sandbox: Sandbox;
    let token: string;
    let calendarId: string;
    const addFault = async (body: unknown) => {
      const res = await sandbox.admin('POST', '/faults', body);
      assert.equal(res.status, 201, JSON.stringify(res.json));
      return res.json as { id: string };
    };
    const get = (path: string, bearer = token) => raw(`${sandbox.url}${path}`, { token: bearer });
    before(async () => {
      sandbox = await startSandbox({ dialect });
      token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const created = await sandbox.client().calendar.v4.calendar.create({ data: { summary: 'Faults' } });
      calendarId = created.data!.calendar!.calendar_id!;
    });
    after(() => sandbox.close());

    const expected = [
      { preset: 'rate_limited', status: 429, code: 99991400, msg: 'request trigger frequency limit', headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' } },
      { preset: 'method_rate_limited', status: 429, code: 190004, msg: 'method rate limited' },
      { preset: 'app_rate_limited', status: 429, code: 190005, msg: 'app rate limited' },
      { preset: 'contention', status: 429, code: 190010, msg: 'current operation rate limited' },
      { preset: 'internal_error', status: 500, code: 190003, msg: 'internal service error' },
      { preset: 'token_invalid', status: 400, code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
    ];
    for (const e of expected) {
      test(`preset ${e.preset}: HTTP ${e.status}, code ${e.code}, in the envelope with the log id`, async () => {
        const fault = await addFault({ match: { method: 'GET', path: ONE_CALENDAR }, preset: e.preset, times: 1 });
        const res = await get(`${CALENDARS}/${calendarId}`);
        assert.equal(res.status, e.status);
        assert.match(res.headers.get('content-type')!, /^application\/json; charset=utf-8/);
        const logId = res.headers.get('x-tt-logid');
        assert.match(logId!, /^\d{14}[0-9A-F]{20}$/);
        assert.deepEqual(res.json, { code: e.code, msg: e.msg, error: { log_id: logId } });
        for (const [name, value] of Object.entries(e.headers ?? {})) assert.equal(res.headers.get(name), value, name);
        if (!e.headers) assert.equal(res.headers.get('x-ogw-ratelimit-limit'), null);
        const [entry] = (await sandbox.admin('GET', '/journal?limit=1')).json.items;
        assert.deepEqual([entry.fault, entry.status, entry.code, entry.log_id], [fault.id, e.status, e.code, logId]);
        assert.equal((await get(`${CALENDARS}/${calendarId}`)).json.code, 0, 'times: 1, then gone');
      });
    }

    test('token_invalid answers 99991668 to a user token; the SDK sees the code and status', async () => {
      await addFault({ preset: 'token_invalid', match: { path: ONE_CALENDAR }, times: 2 });
      const { TokenService } = await import('../../src/core/tenancy/tokens.js');
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const alice = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
      const issued = await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, alice.ref, app.scopes);
      const asUser = await get(`${CALENDARS}/${calendarId}`, issued.accessToken.value);
      assert.deepEqual([asUser.status, asUser.json.code], [400, 99991668]);
      const sdk = await sdkFailure(sandbox.client().calendar.v4.calendar.get({ path: { calendar_id: calendarId } }));
      assert.deepEqual([sdk.status, sdk.body.code], [400, 99991663]);
    });

    test('a faulted create creates nothing; the SDK sees 500 190003', async () => {
      await addFault({ match: { method: 'POST', path: CALENDARS, app_id: APPS.full.app_id }, preset: 'internal_error', times: 1 });
      const failed = await sdkFailure(sandbox.client().calendar.v4.calendar.create({ data: { summary: 'never made' } }));
      assert.deepEqual([failed.status, failed.body.code, failed.body.msg], [500, 190003, 'internal service error']);
      const listed = await get(`${CALENDARS}?page_size=1000`);
      assert.ok(!JSON.stringify(listed.json).includes('never made'));
      const changes = await sandbox.store.changes.readAfter(0, 10_000);
      assert.ok(!JSON.stringify(changes).includes('never made'), 'no change was logged either');
    });

    test('a response of its own, by exact path and app; other apps and paths are served', async () => {
      await addFault({
        match: { path: `${CALENDARS}/${calendarId}`, app_id: APPS.full.app_id },
        response: { http_status: 503, code: 190003, msg: 'try later', headers: { 'Retry-After': '7' } },
      });
      const hit = await get(`${CALENDARS}/${calendarId}`);
      assert.deepEqual([hit.status, hit.json.code, hit.json.msg, hit.headers.get('retry-after')], [503, 190003, 'try later', '7']);
      const other = await tenantToken(sandbox.url, APPS.readonly.app_id, APPS.readonly.app_secret);
      assert.notEqual((await get(`${CALENDARS}/${calendarId}`, other)).status, 503, 'another app');
      assert.equal((await get(CALENDARS)).status, 200, 'another path');
      const listed = await sandbox.admin('GET', '/faults');
      const mine = listed.json.items.find((f: any) => f.match.path === `${CALENDARS}/${calendarId}`);
      assert.deepEqual(mine, {
        id: mine.id, match: { path: `${CALENDARS}/${calendarId}`, app_id: APPS.full.app_id },
        response: { http_status: 503, code: 190003, msg: 'try later', headers: { 'retry-after': '7' } }, delay_ms: 0, times: null, probability: 1,
      });
      assert.equal((await sandbox.admin('DELETE', `/faults/${mine.id}`)).status, 204);
      assert.equal((await get(`${CALENDARS}/${calendarId}`)).json.code, 0, 'deleted: served again');
      assert.deepEqual((await sandbox.admin('DELETE', `/faults/${mine.id}`)).json.error.code, 'not_found');
    });

    test('the token endpoints are matched by the app their body names', async () => {
      const path = '/open-apis/auth/v3/tenant_access_token/internal';
      await addFault({ match: { path, app_id: APPS.nobot.app_id }, preset: 'app_rate_limited' });
      const call = (app: typeof APPS.full | typeof APPS.nobot) => raw(`${sandbox.url}${path}`, { method: 'POST', body: JSON.stringify(app) });
      assert.deepEqual([(await call(APPS.nobot)).status, (await call(APPS.nobot)).json.code], [429, 190005]);
      assert.equal((await call(APPS.full)).json.code, 0);
    });

    test('delay_ms alone delays, then serves normally', async () => {
      const fault = await addFault({ match: { path: ONE_CALENDAR }, delay_ms: 400, times: 1 });
      const started = Date.now();
      const res = await get(`${CALENDARS}/${calendarId}`);
      // A timer may fire a millisecond early by the wall clock.
      assert.ok(Date.now() - started >= 390, `took ${Date.now() - started} ms`);
      assert.deepEqual([res.status, res.json.code], [200, 0]);
      assert.equal(res.json.data.calendar_id, calendarId);
      const [entry] = (await sandbox.admin('GET', '/journal?limit=1')).json.items;
      assert.equal(entry.fault, fault.id);
      assert.ok(entry.duration_ms >= 390, String(entry.duration_ms));
    });

    test('times counts down, then the fault is removed', async () => {
      const fault = await addFault({ match: { path: CALENDARS, method: 'GET' }, preset: 'contention', times: 3 });
      const codes = [];
      for (let i = 0; i < 5; i++) {
        codes.push((await get(CALENDARS)).json.code);
        if (i === 0) assert.equal((await sandbox.admin('GET', '/faults')).json.items.find((f: any) => f.id === fault.id).times, 2);
      }
      assert.deepEqual(codes, [190010, 190010, 190010, 0, 0]);
      assert.ok(!(await sandbox.admin('GET', '/faults')).json.items.some((f: any) => f.id === fault.id));
    });

    test('invalid faults: 400 naming the field, and nothing added', async () => {
      const before = (await sandbox.admin('GET', '/faults')).json.items.length;
      const cases: Array<[unknown, string]> = [
        ['[]', 'the body'],
        [{}, '(body)'],
        [{ preset: 'slow' }, 'preset'],
        [{ preset: 'rate_limited', colour: 'red' }, 'colour'],
        [{ match: { method: 'get' }, preset: 'rate_limited' }, 'match.method'],
        [{ match: { path: 'calendars' }, preset: 'rate_limited' }, 'match.path'],
        [{ match: { tenant: 'x' }, preset: 'rate_limited' }, 'match.tenant'],
        [{ response: { code: 190003 } }, 'response.http_status'],
        [{ response: { http_status: 500 } }, 'response.code'],
        [{ response: { http_status: 99, code: 1 } }, 'response.http_status'],
        [{ response: { http_status: 500, code: 1, headers: { 'content-length': '1' } } }, 'response.headers.content-length'],
        [{ preset: 'internal_error', delay_ms: -1 }, 'delay_ms'],
        [{ preset: 'internal_error', delay_ms: 600_000 }, 'delay_ms'],
        [{ preset: 'internal_error', times: 0 }, 'times'],
        [{ preset: 'internal_error', probability: 0 }, 'probability'],
        [{ preset: 'internal_error', probability: 1.5 }, 'probability'],
        [{ match: { delivery: true }, preset: 'internal_error' }, 'preset'],
        [{ match: { delivery: true, path: CALENDARS }, preset: 'drop' }, 'match.delivery'],
        [{ match: { delivery: true }, response: { http_status: 500, code: 1 } }, 'response'],
        [{ preset: 'drop' }, 'preset'],
      ];
      for (const [body, field] of cases) {
        const res = await sandbox.admin('POST', '/faults', body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.json.error.code, 'invalid');
        assert.ok(res.json.error.message.startsWith(`${field}:`), `${JSON.stringify(body)}: ${res.json.error.message}`);
      }
      assert.equal((await sandbox.admin('GET', '/faults')).json.items.length, before);
    });
  });
}

describe('admin API: fault probability with --seed-random', () => {
  /** Twenty calls against a fault of probability 0.5 in a fresh sandbox seeded `seed`: which were faulted. */
  async function pattern(seed: number): Promise<string> {
    const sandbox = await startSandbox({ config: { seedRandom: seed } });
    try {
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      await sandbox.admin('POST', '/faults', { match: { path: CALENDARS }, preset: 'internal_error', probability: 0.5 });
      let seen = '';
      for (let i = 0; i < 20; i++) seen += (await raw(`${sandbox.url}${CALENDARS}`, { token })).status === 500 ? 'x' : '.';
      return seen;
    } finally {
      await sandbox.close();
    }
  }

  test('the same seed fires the same faults; another seed, others', async () => {
    const first = await pattern(42);
    assert.equal(await pattern(42), first);
    assert.ok(first.includes('x') && first.includes('.'), first);
    assert.notEqual(await pattern(7), first);
  });
});
