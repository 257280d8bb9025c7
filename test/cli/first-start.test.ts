/**
 * The first ten minutes (issue #12 §8): what a newcomer meets — the demo's
 * credentials again, the database each command opened, refusals that say
 * what to do, the root page and health.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/storage/store.js';
import { VERSION } from '../../src/version.js';
import { testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { larkcal, serve, writeFixture } from './larkcal-process.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'larkcal-first-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
const newFile = () => join(dir, `first-${++count}.db`);

async function stop(server: Awaited<ReturnType<typeof serve>>): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('larkcal demo', () => {
  test('prints the demo app with a secret that works, users with emails and passwords, chats, rooms and redirect URIs', async () => {
    const file = newFile();
    const first = await serve(['--db', `sqlite:${file}`]);
    const printed = /app_secret:\s+(\S+)/.exec(first.output().stdout)?.[1];
    await stop(first);

    const demo = await larkcal(['demo', '--db', `sqlite:${file}`]);
    assert.equal(demo.code, 0, demo.stderr);
    const app = /^ {2}app {2}(cli_[0-9a-f]{16}) \(Larkcal Demo App\) app_secret (\S+)$/m.exec(demo.stdout);
    assert.ok(app, demo.stdout);
    assert.equal(app[2], printed);
    assert.match(demo.stdout, /redirect_uris: http:\/\/127\.0\.0\.1:9000\/callback http:\/\/localhost:9000\/callback/);
    assert.match(demo.stdout, /^ {2}user alice \(Alice Wang\) alice@demo\.example password alice-password union_id on_/m);
    assert.match(demo.stdout, /^ {2}chat oc_\w+ \(Platform team\): alice, bob, carol$/m);
    assert.match(demo.stdout, /^ {2}room omm_\w+ \(Everest, 10 seats\) calendar /m);

    // A later start points at it, and the recovered secret signs in.
    const again = await serve(['--db', `sqlite:${file}`]);
    try {
      assert.match(again.output().stdout, new RegExp(`^demo tenant \\w+, app ${app[1]}: larkcal demo --db sqlite:${file.replace(/[.\\/]/g, '\\$&')} prints its secret`, 'm'));
      assert.doesNotMatch(again.output().stdout, /Created the demo tenant/);
      assert.match(await tenantToken(again.url, app[1]!, app[2]!), /^t-/);
    } finally {
      await stop(again);
    }
  });

  test('a first start that fails on a port in use suggests --port, and the demo stays recoverable', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const file = newFile();
    try {
      const failed = await larkcal(['serve', '--db', `sqlite:${file}`, '--port', String(port)]);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, new RegExp(`^larkcal: port ${port} on 127\\.0\\.0\\.1 is in use .*--port PORT, or --port 0`));
    } finally {
      blocker.close();
    }
    const demo = await larkcal(['demo', '--db', `sqlite:${file}`]);
    assert.equal(demo.code, 0, demo.stderr);
    const [, appId, secret] = /app {2}(cli_\w+) \(Larkcal Demo App\) app_secret (\S+)/.exec(demo.stdout) ?? [];
    const server = await serve(['--db', `sqlite:${file}`]);
    try {
      assert.match(await tenantToken(server.url, appId!, secret!), /^t-/);
    } finally {
      await stop(server);
    }
  });

  test('a database seeded from a fixture has no demo tenant to print', async () => {
    const file = newFile();
    assert.equal((await larkcal(['seed', writeFixture(dir, 'plain.json', testFixture()), '--db', `sqlite:${file}`, '--create'])).code, 0);
    const run = await larkcal(['demo', '--db', `sqlite:${file}`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: this database has no demo tenant/m);
  });
});

describe('the database a command opens', () => {
  test('token and seed refuse a database that does not exist, and create nothing', async () => {
    const file = newFile();
    const token = await larkcal(['token', '--app', 'cli_0000000000000000', '--user', 'alice', '--db', `sqlite:${file}`]);
    assert.equal(token.code, 1);
    assert.match(token.stderr, /^larkcal: no database at sqlite:\/.*first-\d+\.db; larkcal serve creates and seeds one \(is --db right\?\)\n$/);
    const seed = await larkcal(['seed', writeFixture(dir, 'any.json', testFixture()), '--db', `sqlite:${file}`]);
    assert.equal(seed.code, 1);
    assert.match(seed.stderr, /^larkcal: no database at .*; larkcal seed adds to an existing database; for a new one add --create, or run larkcal serve --seed /);
    assert.equal(existsSync(file), false, 'a database was created');
  });

  test('token and seed refuse a database with no tenants', async () => {
    const file = newFile();
    await (await openStore({ dialect: 'sqlite', file })).close();
    const token = await larkcal(['token', '--app', 'cli_0000000000000000', '--user', 'alice', '--db', `sqlite:${file}`]);
    assert.equal(token.code, 1);
    assert.match(token.stderr, /^larkcal: the database sqlite:\/.* holds no tenants/);
    const seed = await larkcal(['seed', writeFixture(dir, 'any.json', testFixture()), '--db', `sqlite:${file}`]);
    assert.equal(seed.code, 1);
    assert.match(seed.stderr, /holds no tenants; larkcal seed adds to an existing database/);
  });

  test('the default database path resolves against the working directory, and serve says where it is', async () => {
    const file = newFile();
    const server = await serve(['--db', `sqlite:${file}`]);
    await stop(server);
    assert.match(server.output().stdout, new RegExp(`^database: sqlite:${file.replace(/[.\\/]/g, '\\$&')} \\(new\\)$`, 'm'));
    const again = await serve(['--db', `sqlite:${file}`]);
    await stop(again);
    assert.match(again.output().stdout, /^database: sqlite:\/\S+$/m);
  });

  test('a path into a folder that does not exist is refused; only the default path\'s folder is created', async () => {
    const run = await larkcal(['serve', '--db', `sqlite:${join(dir, 'no-such-folder', 'x.db')}`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: --db: the folder \/.*no-such-folder does not exist/);
    assert.equal(existsSync(join(dir, 'no-such-folder')), false);
  });

  test('serve --db sqlite::memory: says nothing persists, and serves', async () => {
    const server = await serve(['--db', 'sqlite::memory:']);
    try {
      assert.match(server.output().stdout, /^database: sqlite::memory: \(in memory: nothing persists\)$/m);
      assert.match(server.output().stdout, /Created the demo tenant/);
      assert.equal((await raw(`${server.url}/healthz`)).status, 200);
    } finally {
      await stop(server);
    }
  });
});

describe('larkcal seed', () => {
  test('refuses an unknown scope, naming the field', async () => {
    const fixture = testFixture();
    fixture.tenants[0]!.apps![0]!.scopes = ['calendar:calendar', 'calendar:nope'];
    const run = await larkcal(['seed', writeFixture(dir, 'nope.json', fixture), '--db', `sqlite:${newFile()}`, '--create']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^larkcal: invalid fixture: tenants\[0\]\.apps\[0\]\.scopes\[1\] is not a scope larkcal knows .*\(got "calendar:nope"\)/);
  });

  test('prints the ids it generated', async () => {
    const fixture = { tenants: [{ name: 'Initech', users: [{ name: 'Peter', email: 'peter@initech.example' }], chats: [{ name: 'All', members: [] }], rooms: [{ name: 'Basement' }], apps: [{ name: 'Tps', scopes: ['calendar:calendar'] }] }] };
    const run = await larkcal(['seed', writeFixture(dir, 'initech.json', fixture), '--db', `sqlite:${newFile()}`, '--create']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^loaded tenant [0-9a-f]{16} \(Initech\): 1 users, 1 apps$/m);
    assert.match(run.stdout, /^ {2}app {2}cli_[0-9a-f]{16} \(Tps\) app_secret \S+$/m);
    assert.match(run.stdout, /^ {2}user \S+ \(Peter\) peter@initech\.example union_id on_\w+$/m);
    assert.match(run.stdout, /^ {2}chat oc_\w+ \(All\): $/m);
    assert.match(run.stdout, /^ {2}room omm_\w+ \(Basement, 10 seats\) calendar \S+$/m);
  });
});

describe('the command line', () => {
  test('an unknown option is named, with where to look', async () => {
    const run = await larkcal(['serve', '--prot', '8080']);
    assert.deepEqual([run.code, run.stdout, run.stderr], [1, '', 'larkcal: unknown option --prot; see larkcal help\n']);
    const missing = await larkcal(['serve', '--port']);
    assert.equal(missing.stderr, 'larkcal: option --port needs a value; see larkcal help\n');
  });
});

describe('/ and /healthz', () => {
  test('/ names the server, its version, the Open API and the docs; /healthz answers ok; other paths stay the gateway 404', async () => {
    const server = await serve(['--db', 'sqlite::memory:']);
    try {
      const root = await raw(`${server.url}/`);
      assert.equal(root.status, 200);
      assert.match(root.headers.get('content-type') ?? '', /^text\/html/);
      assert.ok(root.text.includes(`larkcal ${VERSION}`), root.text);
      assert.ok(root.text.includes('/open-apis/'));
      assert.ok(root.text.includes('README'));
      const health = await raw(`${server.url}/healthz`);
      assert.deepEqual([health.status, health.json], [200, { status: 'ok' }]);
      const other = await raw(`${server.url}/nope`);
      assert.deepEqual([other.status, other.text], [404, '404 page not found']);
    } finally {
      await stop(server);
    }
  });
});
