/**
 * `npm run bench -- --db postgres://…` (or LARKCAL_BENCH_PG_URL): the default
 * scenarios again on a fresh PostgreSQL database, beside SQLite's, then event
 * creates against one and against two larkcal processes sharing that database
 * (issue #14 §4, §5). Targets: one process within 2× of SQLite on reads; two
 * processes at least 1.6× the writes/s of one.
 *
 * The two-process runs split the same load (two load generators of 25
 * connections) over one server or two: once with each generator on its own
 * tenant, which take turns apart (src/storage/dialects/postgres.ts), and once
 * with both on one tenant, whose writers take turns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { systemClock, type Store } from '../src/core/ports.js';
import { loadFixture } from '../src/core/tenancy/seed.js';
import { buildServer } from '../src/server.js';
import { openStore } from '../src/storage/store.js';
import { APPS } from '../test/support/fixture.js';
import { raw, tenantToken } from '../test/support/http.js';
import { setupEventScenarios } from './events.js';
import { BENCH_APP, benchFixture } from './fixture.js';
import type { Measured, Scenario } from './run.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const READ_RATIO = 0.5;
const SCALE_TARGET = 1.6;

export interface PostgresBenchDeps {
  measure: (scenario: Scenario, duration: number) => Promise<Measured>;
  listen: (app: FastifyInstance) => Promise<string>;
  userTokens: (store: Store) => Promise<string[]>;
}

/** A database of its own on the server `url` names, dropped afterwards. */
async function benchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `larkcal_bench_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try { await client.query(text); } finally { await client.end(); }
  };
  await admin(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

const jsonHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' });

/** The SQLite run's scenarios, on PostgreSQL in this process, as the SQLite ones ran. */
async function oneProcess(store: Store, duration: number, deps: PostgresBenchDeps): Promise<Measured[]> {
  const larkcal = await buildServer({ store, clock: systemClock, rateLimit: false, logLevel: 'silent' });
  try {
    const base = await deps.listen(larkcal);
    const headers = jsonHeaders(await tenantToken(base, APPS.full.app_id, APPS.full.app_secret));
    const created = await raw(`${base}/open-apis/calendar/v4/calendars`, { method: 'POST', headers, body: JSON.stringify({ summary: 'Bench' }) });
    const calendarId = created.json?.data?.calendar?.calendar_id as string;
    const tokens = await deps.userTokens(store);
    // Read by bench/rotate-token.cjs in autocannon's worker, which copies this environment when it starts.
    process.env.LARKCAL_BENCH_TOKENS = tokens.join(',');
    const createBody = JSON.stringify({ summary: 'Bench', description: 'load' });
    console.error('preparing event scenarios on PostgreSQL (1,000 events; 10,000 changes) …');
    const events = await setupEventScenarios(base, headers);
    const scenarios: Scenario[] = [
      { name: 'GET calendars/:id', options: { url: `${base}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}`, headers } },
      {
        name: 'POST calendars (user tokens)',
        options: {
          url: `${base}/open-apis/calendar/v4/calendars`, method: 'POST', headers: jsonHeaders(tokens[0]!), body: createBody,
          requests: [{ method: 'POST', body: createBody, setupRequest: join(HERE, 'rotate-token.cjs') }],
        },
      },
      { name: 'POST events', options: { url: events.createUrl, method: 'POST', headers, body: events.createBody } },
      { name: 'GET events/instance_view 30 days', options: { url: events.instanceViewUrl, headers }, connections: 1 },
      { name: 'GET events sync_token (10k log)', options: { url: events.incrementalUrl, headers }, connections: 1 },
    ];
    const measured: Measured[] = [];
    for (const scenario of scenarios) {
      console.error(`running ${scenario.name} on PostgreSQL for ${duration} s …`);
      measured.push(await deps.measure(scenario, duration));
    }
    return measured;
  } finally {
    await larkcal.close();
  }
}

/** A larkcal process of its own (bench/pg-server.ts) on the database; resolves with it and its URL. */
function serve(dbUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'pg-server.ts'), dbUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve({ child, url: line.trim() });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

interface Writer { name: string; token: string; calendarId: string }

/** A calendar to create events on, of the tenant that `token` is for. */
async function writer(base: string, name: string, token: string): Promise<Writer> {
  const r = await raw(`${base}/open-apis/calendar/v4/calendars`, { method: 'POST', headers: jsonHeaders(token), body: JSON.stringify({ summary: name }) });
  if (r.json?.code !== 0) throw new Error(`calendar for ${name}: ${r.text}`);
  return { name, token, calendarId: r.json.data.calendar.calendar_id as string };
}

/** Event creates: one load generator of 25 connections per writer, writer i against server i mod n; total req/s. */
async function creates(urls: string[], writers: Writer[], duration: number, deps: PostgresBenchDeps): Promise<number> {
  const day = Math.floor(Date.now() / 1000) + 86400;
  const body = JSON.stringify({ summary: 'Bench', start_time: { timestamp: String(day) }, end_time: { timestamp: String(day + 3600) } });
  const runs = writers.map((w, i) => deps.measure({
    name: `POST events (${w.name})`,
    options: { url: `${urls[i % urls.length]}/open-apis/calendar/v4/calendars/${encodeURIComponent(w.calendarId)}/events`, method: 'POST', headers: jsonHeaders(w.token), body },
    connections: 25,
  }, duration));
  return (await Promise.all(runs)).reduce((sum, m) => sum + m.result.requests.average, 0);
}

interface Scaling { label: string; one: number; two: number }

async function processes(dbUrl: string, duration: number, deps: PostgresBenchDeps): Promise<Scaling[]> {
  const servers = [await serve(dbUrl), await serve(dbUrl)];
  try {
    const urls = servers.map((s) => s.url);
    const acme = await tenantToken(urls[0]!, APPS.full.app_id, APPS.full.app_secret);
    const bench = await tenantToken(urls[0]!, BENCH_APP.app_id, BENCH_APP.app_secret);
    const apart = [await writer(urls[0]!, 'tenant A', acme), await writer(urls[0]!, 'tenant B', bench)];
    const together = [await writer(urls[0]!, 'tenant A', acme), await writer(urls[0]!, 'tenant A, second calendar', acme)];
    const out: Scaling[] = [];
    for (const [label, writers] of [['two tenants', apart], ['one tenant', together]] as const) {
      console.error(`running POST events, ${label}, one process then two, for ${duration} s each …`);
      const one = await creates(urls.slice(0, 1), writers, duration, deps);
      const two = await creates(urls, writers, duration, deps);
      out.push({ label, one, two });
    }
    return out;
  } finally {
    await Promise.all(servers.map((s) => stop(s.child)));
  }
}

function sideBySide(sqlite: Measured[], postgres: Measured[]): { lines: string[]; met: boolean } {
  const lines = [`${'scenario'.padEnd(36)}${'conns'.padStart(6)}${'SQLite req/s'.padStart(14)}${'p99'.padStart(6)}${'PG req/s'.padStart(10)}${'p99'.padStart(6)}${'PG/SQLite'.padStart(11)}`];
  const verdicts: string[] = [];
  let met = true;
  for (const p of postgres) {
    const s = sqlite.find((m) => m.scenario.name === p.scenario.name);
    const ratio = s ? p.result.requests.average / s.result.requests.average : undefined;
    lines.push(`${p.scenario.name.padEnd(36)}${String(p.scenario.connections ?? 50).padStart(6)}${(s ? s.result.requests.average.toFixed(0) : '—').padStart(14)}${String(s?.result.latency.p99 ?? '—').padStart(6)}${p.result.requests.average.toFixed(0).padStart(10)}${String(p.result.latency.p99).padStart(6)}${(ratio === undefined ? '—' : `${ratio.toFixed(2)}×`).padStart(11)}`);
    if (p.scenario.name.startsWith('GET') && ratio !== undefined) {
      const ok = ratio >= READ_RATIO;
      met &&= ok;
      const by = ok ? '' : `; missed by ${((READ_RATIO / ratio - 1) * 100).toFixed(0)}%: every read is a round trip to another process over TCP, where SQLite reads in this one`;
      verdicts.push(`  ${ok ? 'PASS' : 'MISS'}  PostgreSQL, one process, ${p.scenario.name}: within 2× of SQLite (${ratio.toFixed(2)}× of its req/s${by})`);
    }
  }
  return { lines: [...lines, '', 'targets:', ...verdicts], met };
}

function scalingReport(scaling: Scaling[]): { lines: string[]; met: boolean } {
  const lines = [`${'POST events, 2 × 25 connections'.padEnd(36)}${'1 process'.padStart(11)}${'2 processes'.padStart(13)}${'ratio'.padStart(8)}`];
  let met = true;
  const verdicts: string[] = [];
  for (const s of scaling) {
    const ratio = s.two / s.one;
    lines.push(`${s.label.padEnd(36)}${s.one.toFixed(0).padStart(11)}${s.two.toFixed(0).padStart(13)}${`${ratio.toFixed(2)}×`.padStart(8)}`);
    // The target is for tenants that write apart; one tenant's writers take turns by design, shown for contrast.
    if (s.label !== 'two tenants') continue;
    const ok = ratio >= SCALE_TARGET;
    met &&= ok;
    const why = cpus().length < 4
      ? `; missed by ${((SCALE_TARGET / ratio - 1) * 100).toFixed(0)}%: ${cpus().length} cores carry both servers, PostgreSQL and the load generators, so a second process adds no core to run on`
      : `; missed by ${((SCALE_TARGET / ratio - 1) * 100).toFixed(0)}%`;
    verdicts.push(`  ${ok ? 'PASS' : 'MISS'}  PostgreSQL, two processes: ≥ ${SCALE_TARGET}× the writes/s of one (${ratio.toFixed(2)}×${ok ? '' : why})`);
  }
  return { lines: [...lines, '', 'targets:', ...verdicts], met };
}

/** Runs the PostgreSQL scenarios and prints them beside `sqlite`'s; true when every target is met. */
export async function runPostgres(serverUrl: string, duration: number, sqlite: Measured[], deps: PostgresBenchDeps): Promise<boolean> {
  const db = await benchDatabase(serverUrl);
  try {
    const store = await openStore({ dialect: 'postgres', url: db.url });
    let measured: Measured[];
    try {
      await loadFixture(store, benchFixture(), systemClock);
      measured = await oneProcess(store, duration, deps);
    } finally {
      await store.close();
    }
    const scaling = await processes(db.url, duration, deps);
    const reads = sideBySide(sqlite, measured);
    const writes = scalingReport(scaling);
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log([
      '', `PostgreSQL beside SQLite (${duration} s each; ${cpus().length} cores, load average ${load}):`, '', ...reads.lines,
      '', 'PostgreSQL, one larkcal process and two on one database:', '', ...writes.lines,
    ].join('\n'));
    return reads.met && writes.met;
  } finally {
    await db.drop();
  }
}
