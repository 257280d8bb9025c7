/**
 * Structured request logs (issue #16 §4): with --log-level info, each Open API
 * call is one JSON line carrying its log id, route pattern, app, tenant and
 * duration; no line carries a secret or a token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ACME, APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { serve, writeFixture } from './larkcal-process.js';

describe('larkcal serve --log-level info', () => {
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-log-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('one JSON line per Open API call with log_id, route, app_id, tenant_key, status and duration; no secret, no token', async () => {
    const running = await serve(['--log-level', 'info', '--db', `sqlite:${join(dir, 'log.db')}`, '--seed', writeFixture(dir, 'fixture.json', testFixture())]);
    try {
      const token = await tenantToken(running.url, APPS.full.app_id, APPS.full.app_secret);
      const created = await raw(`${running.url}/open-apis/calendar/v4/calendars`, { method: 'POST', token, body: JSON.stringify({ summary: 'Logged' }) });
      assert.equal(created.json.code, 0);
      const refused = await raw(`${running.url}/open-apis/calendar/v4/calendars/primary`, { method: 'POST', token: 't-garbage-token-0123456789' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lines = running.output().stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const calls = lines.filter((l) => l.msg === 'open api call');
      const create = calls.find((l) => l.route === '/open-apis/calendar/v4/calendars' && l.method === 'POST');
      assert.ok(create, JSON.stringify(calls));
      assert.equal(create.log_id, created.headers.get('x-tt-logid'));
      assert.equal(create.app_id, APPS.full.app_id);
      assert.equal(create.tenant_key, ACME);
      assert.equal(create.status, 200);
      assert.equal(typeof create.duration_ms, 'number');
      const tokenCall = calls.find((l) => l.route === '/open-apis/auth/v3/tenant_access_token/internal');
      assert.equal(tokenCall?.app_id, APPS.full.app_id);
      const bad = calls.find((l) => l.log_id === refused.headers.get('x-tt-logid'));
      assert.equal(bad?.status, refused.status);
      const all = running.output().stdout + running.output().stderr;
      for (const secret of [APPS.full.app_secret, token, 't-garbage-token-0123456789', 'Bearer ']) assert.ok(!all.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  });
});
