/**
 * `larkcal backup` under write load and `larkcal restore` (issue #16 §4): a
 * backup taken while a real `larkcal serve` takes writes opens, and holds every
 * write acknowledged before the backup began; restore loads only into a new
 * database and refuses what is not a larkcal backup.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { openStore } from '../../src/storage/store.js';
import { APPS, testFixture } from '../support/fixture.js';
import { larkcal, serve, writeFixture, type Serving } from './larkcal-process.js';

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const WRITERS = 8;

describe('larkcal backup and restore (SQLite)', () => {
  let dir: string;
  let running: Serving;
  let live: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'larkcal-backup-'));
    live = join(dir, 'live.db');
    running = await serve(['--rate-limit', 'off', '--db', `sqlite:${live}`, '--seed', writeFixture(dir, 'fixture.json', testFixture())]);
  });
  after(async () => {
    running.child.kill('SIGTERM');
    await running.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  test('a backup taken under write load holds every write acknowledged before it began, and restores into a new database', async () => {
    const client = new lark.Client({ ...{ appId: APPS.full.app_id, appSecret: APPS.full.app_secret }, domain: running.url, logger: SILENT });
    const acked: Array<{ id: string; at: number }> = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res = await client.calendar.v4.calendar.create({ data: { summary: `w${n}-${i}` } });
        assert.equal(res.code, 0);
        acked.push({ id: res.data!.calendar!.calendar_id!, at: Date.now() });
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, n) => writer(n));
    // A load under way, however slow the machine: a hundred writes before the backup starts.
    await until(() => acked.length >= 100);
    const backup = join(dir, 'backup.db');
    const began = Date.now();
    const run = await larkcal(['backup', backup, '--db', `sqlite:${live}`]);
    const atBackupEnd = acked.length;
    await until(() => acked.length >= atBackupEnd + 20);
    stop = true;
    await Promise.all(writers);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^backed up sqlite:.*live\.db to .*backup\.db: 2 tenants, every write committed by \d{4}-\d\d-\d\dT[0-9:.]+Z \(\d+ ms\)\n$/);
    assert.equal(statSync(backup).mode & 0o777, 0o600);

    const restored = join(dir, 'restored.db');
    const back = await larkcal(['restore', backup, '--db', `sqlite:${restored}`]);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /^restored .*backup\.db into sqlite:.*restored\.db: 2 tenants; larkcal serve --db sqlite:.*restored\.db serves it\n$/);
    const before = acked.filter((a) => a.at < began);
    assert.ok(before.length >= 100, `only ${before.length} writes before the backup`);
    assert.ok(acked.length > before.length, 'the load went on during the backup');
    const store = await openStore({ dialect: 'sqlite', file: restored });
    try {
      const missing = [];
      for (const { id } of before) if (!(await store.calendars.get(id))) missing.push(id);
      assert.deepEqual(missing, [], `${missing.length} of ${before.length} acknowledged writes are missing from the backup`);
    } finally {
      await store.close();
    }
  });

  test('restore refuses an existing database, a file that is not a larkcal database, and PostgreSQL', async () => {
    const existing = await larkcal(['restore', join(dir, 'backup.db'), '--db', `sqlite:${live}`]);
    assert.equal(existing.code, 1);
    assert.match(existing.stderr, /exists already; restore loads a backup into a new database only/);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const notDb = await larkcal(['restore', junk, '--db', `sqlite:${join(dir, 'fresh.db')}`]);
    assert.equal(notDb.code, 1);
    assert.match(notDb.stderr, /is not (an SQLite|a larkcal) database/);
    const pg = await larkcal(['backup', join(dir, 'pg.db'), '--db', 'postgres://postgres@127.0.0.1:5432/test']);
    assert.equal(pg.code, 1);
    assert.match(pg.stderr, /backup works on SQLite databases; for PostgreSQL use pg_dump/);
    const overwrite = await larkcal(['backup', join(dir, 'backup.db'), '--db', `sqlite:${live}`]);
    assert.equal(overwrite.code, 1);
    assert.match(overwrite.stderr, /exists already; larkcal backup never overwrites a file/);
  });
});

/** Waits for `done`, at most 30 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
