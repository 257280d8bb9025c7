/**
 * `npm run bench -- --only state`: reset and restore (issue #12 §3) on a
 * SQLite file, through the admin API as a test calls them. Each round does a
 * test's worth of work (a calendar, 20 events) and then undoes it:
 * - reset, back to the acceptance fixture (bench/fixture.ts) as seeded;
 * - restore of a snapshot holding that fixture and 1,000 events more.
 * Target: each ≤ 50 ms at p95. The baseline is an admin call that does nothing (GET /clock).
 * The server runs in this process, so the CPU it spent (with the client's
 * small share) is shown too: on a busy machine the wall time is mostly waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { loadConfig } from '../src/config/load.js';
import { launch, type Running } from '../src/launch.js';
import { STATE_TABLES } from '../src/storage/snapshots/tables.js';
import { APPS } from '../test/support/fixture.js';
import { raw, tenantToken } from '../test/support/http.js';
import { benchFixture } from './fixture.js';

const ROUNDS = 30;
const TARGET_MS = 50;
const HOUR = 3600;

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

interface Timing { wall: number; cpu: number }

async function timed(running: Running, method: string, path: string, body?: unknown): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const res = await fetch(`${running.url}/_larkcal${path}`, {
    method,
    headers: { authorization: `Bearer ${running.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  const wall = performance.now() - started;
  const spent = process.cpuUsage(cpu);
  return { wall, cpu: (spent.user + spent.system) / 1000 };
}

/** A calendar and `count` events on it, 20 at a time, as one test file might make them. */
async function work(running: Running, count: number): Promise<void> {
  const token = await tenantToken(running.url, APPS.full.app_id, APPS.full.app_secret);
  const post = async (path: string, body: unknown) => {
    const r = await raw(`${running.url}/open-apis/calendar/v4${path}`, { token, method: 'POST', body: JSON.stringify(body) });
    if (r.json?.code !== 0) throw new Error(`${path}: ${r.text}`);
    return r.json.data;
  };
  const calendarId = (await post('/calendars', { summary: 'Bench state' })).calendar.calendar_id as string;
  const now = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i += 20) {
    await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, j) => post(`/calendars/${encodeURIComponent(calendarId)}/events`, {
      summary: `Event ${i + j}`, start_time: { timestamp: String(now + (i + j) * HOUR) }, end_time: { timestamp: String(now + (i + j) * HOUR + 1800) },
    })));
  }
}

async function rows(running: Running): Promise<number> {
  const db = (running.store as unknown as { db: Kysely<any> }).db;
  let n = 0;
  for (const t of STATE_TABLES) n += Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return n;
}

export async function runState(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-bench-state-'));
  const config = { ...loadConfig({}, {}), port: 0, db: { dialect: 'sqlite' as const, file: join(dir, 'bench.db') }, rateLimit: false, logLevel: 'silent' as const };
  const running = await launch(config, { fixture: benchFixture() });
  try {
    const seedRows = await rows(running);
    const times: Record<string, Timing[]> = { 'GET /clock (baseline)': [], 'POST /reset': [], 'POST /snapshots/loaded/restore': [] };
    console.error(`${ROUNDS} rounds of work and reset …`);
    for (let i = 0; i < ROUNDS; i++) {
      await work(running, 20);
      times['GET /clock (baseline)']!.push(await timed(running, 'GET', '/clock'));
      times['POST /reset']!.push(await timed(running, 'POST', '/reset'));
    }
    console.error('1,000 events for the snapshot, then rounds of work and restore …');
    await work(running, 1000);
    const loadedRows = await rows(running);
    const snapshotMs = await timed(running, 'POST', '/snapshots', { name: 'loaded' });
    for (let i = 0; i < ROUNDS; i++) {
      await work(running, 20);
      times['POST /snapshots/loaded/restore']!.push(await timed(running, 'POST', '/snapshots/loaded/restore'));
    }

    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    const lines = [`SQLite file; seed ${seedRows} rows, snapshot ${loadedRows} rows in ${STATE_TABLES.length} tables; ${ROUNDS} rounds; ${cpus().length} cores, load average ${load}`, ''];
    lines.push(`${'call'.padEnd(34)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'max ms'.padStart(8)}${'cpu p50'.padStart(9)}`);
    const cell = (n: number) => n.toFixed(1).padStart(8);
    for (const [name, values] of Object.entries(times)) {
      const wall = values.map((t) => t.wall).sort((a, b) => a - b);
      const cpu = values.map((t) => t.cpu).sort((a, b) => a - b);
      lines.push(`${name.padEnd(34)}${cell(percentile(wall, 0.5))}${cell(percentile(wall, 0.95))}${cell(wall.at(-1)!)}${cell(percentile(cpu, 0.5)).padStart(9)}`);
    }
    lines.push(`${'POST /snapshots (once)'.padEnd(34)}${cell(snapshotMs.wall)}${''.padStart(16)}${cell(snapshotMs.cpu).padStart(9)}`, '', 'targets:');
    let met = true;
    for (const name of ['POST /reset', 'POST /snapshots/loaded/restore']) {
      const p95 = percentile(times[name]!.map((t) => t.wall).sort((a, b) => a - b), 0.95);
      met &&= p95 <= TARGET_MS;
      lines.push(`  ${p95 <= TARGET_MS ? 'PASS' : 'MISS'}  ${name}: p95 ≤ ${TARGET_MS} ms (${p95.toFixed(1)} ms)`);
    }
    console.log(lines.join('\n'));
    return met;
  } finally {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
