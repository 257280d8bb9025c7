/** The `larkcal` command as a user runs it: help, bad configuration, seed, token, serve. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { CONFIG } from '../../src/config/schema.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { larkcal, serve, writeFixture } from './larkcal-process.js';

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'larkcal-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh SQLite database in the test's folder. */
let sqliteCount = 0;
const sqliteDb = () => `sqlite:${join(dir, `cli-${++sqliteCount}.db`)}`;

async function tenantCount(db: string): Promise<number> {
  const store = await openStore(db.startsWith('sqlite:') ? { dialect: 'sqlite', file: db.slice('sqlite:'.length) } : { dialect: 'postgres', url: db });
  try {
    return await store.tenancy.countTenants();
  } finally {
    await store.close();
  }
}

describe('larkcal help', () => {
  test('lists every option of the configuration schema, with its environment variable', async () => {
    const { code, stdout } = await larkcal(['help']);
    assert.equal(code, 0);
    for (const spec of Object.values(CONFIG)) {
      assert.match(stdout, new RegExp(`--${spec.flag} ${spec.value}\\b`), `help lacks --${spec.flag}`);
      assert.ok(stdout.includes(spec.env), `help lacks ${spec.env}`);
    }
    for (const command of ['serve', 'token', 'seed', 'app events', 'deliveries']) assert.ok(stdout.includes(`larkcal ${command}`));
  });
});

describe('larkcal: a bad value fails at start', () => {
  test('--port abc names the flag and what it must be', async () => {
    const { code, stderr, stdout } = await larkcal(['serve', '--port', 'abc']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^larkcal: --port=abc: must be an integer from 0 to 65535\n$/);
  });

  test('LARKCAL_DB=mysql://x names the variable and the accepted forms', async () => {
    const { code, stderr } = await larkcal(['serve'], { LARKCAL_DB: 'mysql://x' });
    assert.equal(code, 1);
    assert.match(stderr, /^larkcal: LARKCAL_DB=mysql:\/\/x: must be sqlite:FILE or postgres:\/\/user:pass@host\/db\n$/);
  });

  test('an unknown flag and an unknown command are refused', async () => {
    const flag = await larkcal(['serve', '--nope', '1']);
    assert.equal(flag.code, 1);
    assert.equal(flag.stderr, 'larkcal: unknown option --nope; see larkcal help\n');
    const command = await larkcal(['frobnicate']);
    assert.equal(command.code, 1);
    assert.match(command.stderr, /unknown command "frobnicate"/);
  });
});

describe('larkcal seed', () => {
  test('loads a fixture, and a second run leaves the tenants already there alone', async () => {
    const db = sqliteDb();
    const file = writeFixture(dir, 'seed.json', testFixture());
    const first = await larkcal(['seed', file, '--db', db, '--create']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^loaded tenant 2ed263bf32cf1651 \(Acme\): 4 users, 4 apps$/m);
    assert.match(first.stdout, /^loaded tenant 5a1e0b7c9d3f2468 \(Globex\): 1 users, 1 apps$/m);
    const second = await larkcal(['seed', file, '--db', db]);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /loaded/);
    assert.match(second.stdout, /^skipped tenant 2ed263bf32cf1651: already present$/m);
    assert.equal(await tenantCount(db), 2);
  });

  test('an invalid fixture is refused naming the bad field, and loads nothing', async () => {
    const db = sqliteDb();
    const fixture = testFixture();
    fixture.tenants[0]!.users![1]!.email = 'not-an-email';
    const { code, stderr, stdout } = await larkcal(['seed', writeFixture(dir, 'bad-email.json', fixture), '--db', db, '--create']);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^larkcal: invalid fixture: tenants\[0\]\.users\[1\]\.email .*not-an-email/);
    assert.equal(await tenantCount(db), 0);
  });

  test('a fixture that fails half-way through loading leaves nothing behind', async () => {
    const db = sqliteDb();
    const fixture = testFixture();
    assert.equal((await larkcal(['seed', writeFixture(dir, 'globex.json', { tenants: [fixture.tenants[1]] }), '--db', db, '--create'])).code, 0);
    // Valid on its own; the second tenant's app id is taken only in this database, which loading finds out.
    const clash = { tenants: [{ name: 'Initech', users: [{ name: 'Peter', email: 'peter@initech.example' }] }, { name: 'Hooli', apps: [{ ...APPS.globex, name: 'Copy' }] }] };
    const { code, stderr } = await larkcal(['seed', writeFixture(dir, 'clash.json', clash), '--db', db]);
    assert.equal(code, 1);
    assert.match(stderr, /^larkcal: invalid fixture: tenants\[1\]\.apps\[0\]\.app_id /m);
    assert.equal(await tenantCount(db), 1, 'the first tenant of the failed fixture was left behind');
  });

  test('a file that is not JSON is refused', async () => {
    const file = join(dir, 'garbage.json');
    writeFileSync(file, '{"tenants": [');
    const { code, stderr } = await larkcal(['seed', file, '--db', sqliteDb(), '--create']);
    assert.equal(code, 1);
    assert.match(stderr, /^larkcal: invalid fixture: \$ is not valid JSON/);
  });
});

for (const dialect of DIALECTS) {
  describe(`larkcal token and serve (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await freshDatabase(dialect);
    });
    after(() => database.drop());

    test('token prints a user token that works against a server on the same database; SIGTERM stops it with 0', async () => {
      const fixtureFile = writeFixture(dir, `token-${dialect}.json`, testFixture());
      assert.equal((await larkcal(['seed', fixtureFile, '--db', database.text, '--create'])).code, 0);
      const issued = await larkcal(['token', '--app', APPS.full.app_id, '--user', 'alice', '--db', database.text]);
      assert.equal(issued.code, 0, issued.stderr);
      const token = issued.stdout.trimEnd().split('\n').at(-1)!;
      assert.match(token, /^u-[A-Za-z0-9]{44}$/);

      const server = await serve(['--db', database.text], { LARKCAL_RATE_LIMIT: 'off' });
      try {
        assert.doesNotMatch(server.output().stdout, /demo tenant/, 'a seeded database gets no demo tenant');
        const client = new lark.Client({ ...{ appId: APPS.full.app_id, appSecret: APPS.full.app_secret }, domain: server.url, logger: SILENT });
        const res = await client.calendar.v4.calendar.primary({ params: { user_id_type: 'user_id' } }, lark.withUserAccessToken(token));
        assert.equal(res.code, 0);
        assert.equal(res.data!.calendars![0]!.user_id, 'alice');
        const health = await raw(`${server.url}/healthz`);
        assert.equal(health.status, 200);
      } finally {
        server.child.kill('SIGTERM');
      }
      const stopped = await server.exited;
      assert.deepEqual([stopped.code, stopped.signal], [0, null], stopped.stderr);
    });
  });
}

describe('larkcal serve on an empty database', () => {
  test('creates the demo tenant and prints credentials and an SDK snippet that work', async () => {
    const server = await serve(['--db', sqliteDb()]);
    try {
      const { stdout } = server.output();
      const appId = /app_id:\s+(cli_[0-9a-f]{16})/.exec(stdout)?.[1];
      const appSecret = /app_secret:\s+(\S+)/.exec(stdout)?.[1];
      assert.ok(appId && appSecret, `no credentials in:\n${stdout}`);
      assert.ok(stdout.includes(`new lark.Client({ appId: '${appId}', appSecret: '${appSecret}', domain: '${server.url}' })`), `snippet does not point at ${server.url}:\n${stdout}`);
      assert.match(await tenantToken(server.url, appId, appSecret), /^t-/);
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal((await server.exited).code, 0);
  });
});
