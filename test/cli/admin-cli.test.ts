/** `larkcal admin-token` and the admin API's commands, run against a real `larkcal serve`. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { larkcal, serve, type Serving } from './larkcal-process.js';

let dir: string;
let db: string;
let server: Serving;
let adminToken: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'larkcal-admin-cli-'));
  db = `sqlite:${join(dir, 'admin.db')}`;
  server = await serve(['--db', db]);
  adminToken = /admin token \(for \/_larkcal\/, also: larkcal admin-token\): (\S+)/.exec(server.output().stdout)?.[1] ?? '';
  assert.match(adminToken, /^[A-Za-z0-9]{32}$/, server.output().stdout);
});
after(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
});

/** An admin command against the server, its token read from --db as a user's would be. */
const admin = (...args: string[]) => larkcal([...args, '--url', server.url, '--db', db]);
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('larkcal admin-token', () => {
  test('prints the token the first serve generated, alone on stdout', async () => {
    const run = await larkcal(['admin-token', '--db', db]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${adminToken}\n`);
    assert.match(run.stderr, /^database: sqlite:\/.*admin\.db \(1 tenant\)\n$/);
  });

  test('refuses a database that does not exist, and does not create it', async () => {
    const run = await larkcal(['admin-token', '--db', `sqlite:${join(dir, 'typo.db')}`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: no database at sqlite:\/.*typo\.db; /);
  });
});

describe('larkcal clock', () => {
  test('prints, sets, advances and runs the clock of the running server', async () => {
    const shown = await admin('clock');
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(json(shown.stdout).mode, 'system');

    const set = await admin('clock', '--set', '2026-03-16T09:00:00+08:00');
    assert.equal(set.code, 0, set.stderr);
    assert.deepEqual(json(set.stdout), { now: Date.parse('2026-03-16T01:00:00Z'), mode: 'frozen' });

    const advanced = await admin('clock', '--advance', '90000');
    assert.deepEqual(json(advanced.stdout), { now: Date.parse('2026-03-16T01:01:30Z'), mode: 'frozen' });

    const byEnv = await larkcal(['clock', '--set', '1773622800000'], { LARKCAL_URL: server.url, LARKCAL_ADMIN_TOKEN: adminToken });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.deepEqual(json(byEnv.stdout), { now: 1773622800000, mode: 'frozen' });

    const running = await admin('clock', '--mode', 'running');
    assert.equal(json(running.stdout).mode, 'running');
    const system = await admin('clock', '--mode', 'system');
    assert.equal(json(system.stdout).mode, 'system');
  });

  test('a refusal prints the admin API\'s message and exits 1', async () => {
    const wrong = await larkcal(['clock', '--url', server.url, '--admin-token', 'not-the-admin-token-at-all']);
    assert.deepEqual([wrong.code, wrong.stdout], [1, '']);
    assert.match(wrong.stderr, /^larkcal: a valid admin token is required/);
    const bad = await admin('clock', '--set', 'tomorrow');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^larkcal: .*set/m);
  });

  test('bad flags are refused before any call', async () => {
    const two = await admin('clock', '--set', '0', '--advance', '1');
    assert.equal(two.code, 1);
    assert.match(two.stderr, /clock takes one of --set, --advance, --mode/);
    const mode = await admin('clock', '--mode', 'frozen');
    assert.match(mode.stderr, /^larkcal: --mode: must be running or system \(got frozen\)/);
  });

  test('a server that is not there is named', async () => {
    const run = await larkcal(['clock', '--url', 'http://127.0.0.1:1', '--admin-token', adminToken]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: cannot reach larkcal at http:\/\/127\.0\.0\.1:1 .*is it running\?/);
  });
});

describe('larkcal admin METHOD PATH [JSON]', () => {
  test('calls any admin route, with or without the /_larkcal prefix', async () => {
    const get = await admin('admin', 'get', '/_larkcal/clock');
    assert.equal(get.code, 0, get.stderr);
    assert.equal(json(get.stdout).mode, 'system');
    const post = await admin('admin', 'POST', '/clock', '{"set": 0}');
    assert.deepEqual(json(post.stdout), { now: 0, mode: 'frozen' });
    await admin('clock', '--mode', 'system');
  });

  test('the console\'s routes are commands too: list tenants, rotate an app secret, a user\'s CalDAV credentials', async () => {
    const tenants = await admin('admin', 'GET', '/tenants?limit=1');
    assert.equal(tenants.code, 0, tenants.stderr);
    const listed = json(tenants.stdout) as { items: Array<{ tenant_key: string }>; next: string | null };
    assert.deepEqual([listed.items.length, listed.next], [1, null], tenants.stdout);
    const key = listed.items[0]!.tenant_key;
    const directory = json((await admin('admin', 'GET', `/tenants/${key}`)).stdout) as { apps: Array<{ app_id: string }>; users: Array<{ user_id: string }> };
    const appId = directory.apps[0]!.app_id;
    const rotated = await admin('admin', 'POST', `/apps/${appId}/secret`);
    assert.equal(rotated.code, 0, rotated.stderr);
    const { app_secret } = json(rotated.stdout) as { app_secret: string };
    const token = await fetch(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId, app_secret }),
    });
    assert.equal(((await token.json()) as { code: number }).code, 0, 'the printed secret gets a token');
    const userId = directory.users[0]!.user_id;
    const credentials = await admin('admin', 'GET', `/users/${userId}/caldav-credentials?tenant_key=${key}`);
    assert.equal(credentials.code, 0, credentials.stderr);
    assert.deepEqual((json(credentials.stdout) as { items: unknown[] }).items, []);
    const revoke = await admin('admin', 'DELETE', `/users/${userId}/caldav-credentials/Mac?tenant_key=${key}`);
    assert.deepEqual([revoke.code, revoke.stderr.trim().split('\n').at(-1)], [1, `larkcal: ${userId} has no CalDAV credential for device "Mac"`]);
  });

  test('the web calendar\'s own app is refused as the admin API refuses it', async () => {
    // One tenant: /web/signin goes straight to authorize, registering the tenant's web app.
    const start = await fetch(`${server.url}/web/signin`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const webAppId = new URL(start.headers.get('location')!, server.url).searchParams.get('client_id')!;
    const run = await admin('admin', 'POST', `/apps/${webAppId}/secret`);
    assert.deepEqual([run.code, run.stdout, run.stderr.trim().split('\n').at(-1)], [1, '',
      `larkcal: app ${webAppId} is the web calendar's own: its secret derives from the server's key and every web calendar session refreshes with it, so it cannot be rotated`]);
  });

  test('an unknown route is the admin API\'s 404, its message printed', async () => {
    const run = await admin('admin', 'GET', '/nope');
    assert.deepEqual([run.code, run.stdout], [1, '']);
    assert.match(run.stderr, /^larkcal: no admin route GET \/_larkcal\/nope\n$/m);
  });

  test('a body that is not JSON is refused before the call', async () => {
    const run = await admin('admin', 'POST', '/clock', '{set');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: JSON is not valid JSON/);
  });
});
