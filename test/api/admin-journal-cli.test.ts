/**
 * `larkcal journal` against a running sandbox, `--follow` included, and the
 * request log line a user matches a client's error to (issue #12 §4, §8.10).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { APPS } from '../support/fixture.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { larkcal, serve, start } from '../cli/larkcal-process.js';

describe('larkcal journal', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(() => sandbox.close());
  const flags = () => ['--url', sandbox.url, '--admin-token', sandbox.adminToken];

  test('prints the journal oldest first, one line an entry, secrets redacted', async () => {
    const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
    const res = await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/cal_missing`, { token });
    const logId = res.headers.get('x-tt-logid')!;
    const run = await larkcal(['journal', ...flags()]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^\\S+Z 200 POST /open-apis/auth/v3/tenant_access_token/internal code=0 app=${APPS.full.app_id} log_id=\\w+ \\d+ms$`));
    assert.match(lines[1]!, new RegExp(`^\\S+Z 400 GET /open-apis/calendar/v4/calendars/cal_missing code=\\d+ app=${APPS.full.app_id} log_id=${logId} \\d+ms$`));
    const json = await larkcal(['journal', ...flags(), '--json', '--limit', '1']);
    const entry = JSON.parse(json.stdout);
    assert.equal(entry.log_id, logId);
    assert.ok(!json.stdout.includes(token) && !run.stdout.includes(token));
  });

  test('--follow prints new entries as they come, until SIGINT', async () => {
    const follow = start(['journal', ...flags(), '--follow', '--limit', '1']);
    await follow.waitFor('stderr', /following/);
    const res = await raw(`${sandbox.url}/open-apis/calendar/v4/calendars/cal_followed`);
    await follow.waitFor('stdout', new RegExp(`GET /open-apis/calendar/v4/calendars/cal_followed code=99991661 app=- log_id=${res.headers.get('x-tt-logid')}`));
    follow.child.kill('SIGINT');
    const done = await follow.exited;
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.match(/cal_followed/g)?.length, 1, 'printed once');
  });

  test('without its admin token, or with a wrong one, it fails saying why', async () => {
    const missing = await larkcal(['journal', '--url', sandbox.url]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--admin-token/);
    const wrong = await larkcal(['journal', '--url', sandbox.url, '--admin-token', 'wrong-token-0123456789']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /answered 401/);
  });
});

describe('request log lines at info', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase('sqlite');
  });
  after(() => database.drop());

  test('carry the X-Tt-Logid the client saw, the app and the route', async () => {
    const serving = await serve(['--db', database.text, '--log-level', 'info']);
    try {
      const printed = serving.output().stdout;
      const appId = /app_id:\s+(cli_\w+)/.exec(printed)![1]!;
      const appSecret = /app_secret:\s+(\S+)/.exec(printed)![1]!;
      const token = await tenantToken(serving.url, appId, appSecret);
      const res = await raw(`${serving.url}/open-apis/calendar/v4/calendars/cal_nope`, { token });
      const logId = res.headers.get('x-tt-logid')!;
      let line: any;
      for (let i = 0; i < 100 && !line; i++) {
        line = serving.output().stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.log_id === logId);
        if (!line) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(line, serving.output().stdout);
      assert.equal(line.level, 30, 'info');
      assert.deepEqual([line.msg, line.app_id, line.method, line.route, line.status], ['open api call', appId, 'GET', '/open-apis/calendar/v4/calendars/:calendar_id', res.status]);
      assert.ok(!serving.output().stdout.includes(token), 'the token is not logged');
    } finally {
      serving.child.kill('SIGTERM');
      await serving.exited;
    }
  });
});
