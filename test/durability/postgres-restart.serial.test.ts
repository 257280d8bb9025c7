/**
 * PostgreSQL restarted under load (issue #16 §3): while the database is away a
 * real `larkcal serve` answers 503 with Feishu's 190003 envelope (never a 500,
 * never a dropped connection), /readyz says the database is down while
 * /healthz stays up, larkcal reconnects by itself, and no acknowledged write is
 * lost. Runs alone (a *.serial.test.ts): the restart cuts every connection of
 * the server, and needs root and pg_ctlcluster for the server of
 * LARKCAL_TEST_PG_URL, as CI has.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { serve, writeFixture, type Serving } from '../cli/larkcal-process.js';

const WRITERS = 8;

/** `pg_ctlcluster VERSION NAME` of the server on the test URL's port, or why it cannot be restarted here. */
function cluster(): { version: string; name: string } | string {
  const url = process.env.LARKCAL_TEST_PG_URL;
  if (!url) return 'LARKCAL_TEST_PG_URL is not set';
  if (process.getuid?.() !== 0) return 'restarting PostgreSQL needs root';
  const port = new URL(url).port || '5432';
  try {
    const lines = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n');
    const found = lines.map((l) => l.trim().split(/\s+/)).find((cells) => cells[2] === port && cells[3] === 'online');
    return found ? { version: found[0]!, name: found[1]! } : `no online cluster on port ${port}`;
  } catch {
    return 'pg_lsclusters is not available';
  }
}

const target = cluster();

describe('PostgreSQL restarted under write load', { skip: typeof target === 'string' ? target : false }, () => {
  let dir: string;
  let database: TestDatabase;
  let running: Serving;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'larkcal-pg-restart-'));
    database = await freshDatabase('postgres');
    running = await serve(['--rate-limit', 'off', '--db', database.text, '--seed', writeFixture(dir, 'fixture.json', testFixture())]);
  });
  after(async () => {
    running.child.kill('SIGTERM');
    await running.exited;
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('503 190003 while away, /readyz down and back, reconnects, loses no acknowledged write', async () => {
    const { version, name } = target as { version: string; name: string };
    const token = await tenantToken(running.url, APPS.full.app_id, APPS.full.app_secret);
    const acked: string[] = [];
    const refused: Array<{ status: number; code: unknown; msg: unknown }> = [];
    const broken: string[] = [];
    let stop = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const answer = await raw(`${running.url}/open-apis/calendar/v4/calendars`, { method: 'POST', token, body: JSON.stringify({ summary: `r${n}-${i}` }) });
          if (answer.status === 200 && answer.json?.code === 0) acked.push(answer.json.data.calendar.calendar_id);
          else refused.push({ status: answer.status, code: answer.json?.code, msg: answer.json?.msg });
          if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
        } catch (error) {
          broken.push(String((error as Error).cause ?? error));
        }
      }
    };
    const ready: number[] = [];
    const health: number[] = [];
    const probe = async () => {
      while (!stop) {
        ready.push((await raw(`${running.url}/readyz`)).status);
        health.push((await raw(`${running.url}/healthz`)).status);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };
    const load = [...Array.from({ length: WRITERS }, (_, n) => writer(n)), probe()];
    const started = Date.now() + 30_000;
    while (acked.length < 100 && Date.now() < started) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = acked.length;
    // Stopped for a second and a half, then started: a restart long enough to be seen.
    const ctl = (...args: string[]) => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...args], { stdio: 'ignore' });
    ctl('stop', '-m', 'fast');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    ctl('start');
    const restartedAt = acked.length;
    // Writes flow again after the restart, on new connections.
    const deadline = Date.now() + 20_000;
    while (acked.length < restartedAt + 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    stop = true;
    await Promise.all(load);

    assert.ok(before >= 100, `only ${before} writes before the restart`);
    assert.ok(acked.length >= restartedAt + 100, `larkcal did not reconnect: ${acked.length - restartedAt} writes after the restart`);
    assert.deepEqual(broken, [], 'connections to larkcal failed');
    assert.deepEqual([...new Set(refused.map((r) => `${r.status} ${r.code} ${r.msg}`))].filter((r) => r !== '503 190003 internal service error'), []);
    assert.ok(ready.includes(503), '/readyz never said the database was down');
    assert.equal(ready.at(-1), 200);
    assert.ok(health.every((s) => s === 200), '/healthz failed');

    const client = new pg.Client({ connectionString: database.text });
    await client.connect();
    try {
      const { rows } = await client.query<{ calendar_id: string }>('select calendar_id from calendars where calendar_id = any($1)', [acked]);
      const present = new Set(rows.map((r) => r.calendar_id));
      const missing = acked.filter((id) => !present.has(id));
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes lost`);
    } finally {
      await client.end();
    }
  });
});
