/**
 * `npm run bench -- --only caldav` (issue #10 §5): larkcal's CalDAV against
 * Radicale (Debian's /usr/bin/radicale, started here on a free port with no
 * auth and a temporary storage folder), the same HTTP workload on each:
 * - PUT of 1,000 events (a week apart in 10 weeks, 8 connections);
 * - a week's calendar-query (time-range);
 * - calendar-multiget of 100;
 * - sync-collection from a token taken before 100 changes;
 * - PROPFIND depth 1 of the calendar.
 * Prints requests/s, p50 and p99 for both and the ratio. Target: larkcal at
 * least 10× Radicale on each. larkcal serves in this process (SQLite file),
 * Radicale in its own; the client is this process for both. Both get every
 * write; Radicale gets a tenth of each read step's requests (at least 10), so
 * the run ends in minutes: rates are per second either way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { loadConfig } from '../src/config/load.js';
import { TokenService } from '../src/core/tenancy/tokens.js';
import { launch } from '../src/launch.js';
import { APPS, testFixture } from '../test/support/fixture.js';

const RADICALE = '/usr/bin/radicale';
const EVENTS = 1_000;
const CONNECTIONS = 8;
const TARGET = 10;
const WEEK_START = '20260316T000000Z';
const WEEK_END = '20260323T000000Z';

/** `share`: the part of each read step's requests sent to it (Radicale takes seconds per query over 1,000 objects). */
interface Target { name: string; calendar: string; auth: string; share: number }
interface Timing { requests: number; seconds: number; latencies: number[] }
interface Step { name: string; rounds: number; make: (t: Target, i: number) => { method: string; url: string; body?: string; headers?: Record<string, string> }; expect: number[] }

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const ICS = { 'content-type': 'text/calendar; charset=utf-8' };
const uidOf = (i: number) => `bench-${i}`;

/** Event i: 30 minutes on day i % 70 from 2026-03-02, so a week holds a tenth of them. */
function eventText(i: number, summary = `Bench ${i}`): string {
  const day = new Date(Date.UTC(2026, 2, 2) + (i % 70) * 86_400_000 + (i % 9) * 3_600_000);
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//larkcal bench//EN', 'BEGIN:VEVENT', `UID:${uidOf(i)}`, 'DTSTAMP:20260101T000000Z',
    `DTSTART:${stamp(day)}`, `DTEND:${stamp(new Date(day.getTime() + 1_800_000))}`, `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

const calendarQuery = `<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>
<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="${WEEK_START}" end="${WEEK_END}"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`;

const multiget = (t: Target) => `<?xml version="1.0" encoding="utf-8"?>
<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>
${Array.from({ length: 100 }, (_, i) => `<d:href>${new URL(t.calendar).pathname}${uidOf(i * 7)}.ics</d:href>`).join('\n')}</c:calendar-multiget>`;

const syncCollection = (token: string) => `<?xml version="1.0" encoding="utf-8"?>
<d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;

const propfind = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/><d:resourcetype/></d:prop></d:propfind>';

async function send(t: Target, r: { method: string; url: string; body?: string; headers?: Record<string, string> }): Promise<{ status: number; text: string }> {
  const res = await fetch(r.url, { method: r.method, headers: { authorization: t.auth, ...r.headers }, ...(r.body !== undefined && { body: r.body }) });
  return { status: res.status, text: await res.text() };
}

/** `rounds` requests over CONNECTIONS at once; every answer must have an expected status. */
async function load(t: Target, step: Step, all = false): Promise<Timing> {
  const rounds = all ? step.rounds : Math.max(10, Math.round(step.rounds * t.share));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    for (let i = next++; i < rounds; i = next++) {
      const at = performance.now();
      const res = await send(t, step.make(t, i));
      latencies.push(performance.now() - at);
      if (!step.expect.includes(res.status)) throw new Error(`${t.name} ${step.name}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }));
  console.error(`  ${t.name}: ${step.name}, ${rounds} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { requests: rounds, seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;

async function syncToken(t: Target): Promise<string> {
  const res = await send(t, { method: 'PROPFIND', url: t.calendar, body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>', headers: { ...XML, depth: '0' } });
  const token = /<[a-z]*:?sync-token[^>]*>([^<]+)</i.exec(res.text)?.[1];
  if (!token) throw new Error(`${t.name}: no sync-token in ${res.text.slice(0, 300)}`);
  return token;
}

/** Runs the workload on one server; the sync step's token is taken before its 100 changes. */
async function workload(t: Target): Promise<Map<string, Timing>> {
  const out = new Map<string, Timing>();
  const put: Step = { name: 'PUT 1,000 events', rounds: EVENTS, make: (x, i) => ({ method: 'PUT', url: `${x.calendar}${uidOf(i)}.ics`, body: eventText(i), headers: ICS }), expect: [201, 204] };
  out.set(put.name, await load(t, put, true));
  const steps: Step[] = [
    { name: "calendar-query, a week", rounds: 200, make: (x) => ({ method: 'REPORT', url: x.calendar, body: calendarQuery, headers: { ...XML, depth: '1' } }), expect: [207] },
    { name: 'calendar-multiget of 100', rounds: 100, make: (x) => ({ method: 'REPORT', url: x.calendar, body: multiget(x), headers: { ...XML, depth: '1' } }), expect: [207] },
  ];
  for (const step of steps) out.set(step.name, await load(t, step));
  const token = await syncToken(t);
  await load(t, { name: '100 changes', rounds: 100, make: (x, i) => ({ method: 'PUT', url: `${x.calendar}${uidOf(i * 3)}.ics`, body: eventText(i * 3, `Changed ${i}`), headers: ICS }), expect: [201, 204] }, true);
  const sync: Step = { name: 'sync-collection after 100 changes', rounds: 200, make: (x) => ({ method: 'REPORT', url: x.calendar, body: syncCollection(token), headers: { ...XML, depth: '1' } }), expect: [207] };
  out.set(sync.name, await load(t, sync));
  const depth1: Step = { name: 'PROPFIND depth 1 (1,000 objects)', rounds: 100, make: (x) => ({ method: 'PROPFIND', url: x.calendar, body: propfind, headers: { ...XML, depth: '1' } }), expect: [207] };
  out.set(depth1.name, await load(t, depth1));
  return out;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRadicale(dir: string): Promise<{ child: ChildProcess; target: Target }> {
  const port = await freePort();
  const child = spawn(RADICALE, ['--config', '', '--server-hosts', `127.0.0.1:${port}`, '--auth-type', 'none', '--rights-type', 'owner_only',
    '--storage-filesystem-folder', join(dir, 'radicale'), '--logging-level', 'warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from('bench:bench').toString('base64')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${base}/`);
      break;
    } catch {
      if (attempt > 100 || child.exitCode !== null) throw new Error(`radicale did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const calendar = `${base}/bench/calendar/`;
  const made = await fetch(calendar, { method: 'MKCALENDAR', headers: { authorization: auth } });
  if (made.status !== 201) throw new Error(`radicale MKCALENDAR: ${made.status} ${await made.text()}`);
  return { child, target: { name: 'Radicale', calendar, auth, share: 0.1 } };
}

export async function runCaldavBench(): Promise<boolean> {
  if (!existsSync(RADICALE)) {
    console.log(`caldav bench skipped: ${RADICALE} is not installed (apt-get install radicale)`);
    return true;
  }
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-caldav-bench-'));
  const config = { ...loadConfig({}, {}), port: 0, db: { dialect: 'sqlite' as const, file: join(dir, 'larkcal.db') }, rateLimit: false, logLevel: 'silent' as const };
  const running = await launch(config, { fixture: testFixture() });
  let radicale: ChildProcess | undefined;
  try {
    const app = (await running.store.tenancy.getApp(APPS.full.app_id))!;
    const alice = (await running.store.tenancy.findUserByUserId(app.tenantKey, 'alice'))!;
    const token = (await new TokenService(running.store, running.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
    const client = new lark.Client({ appId: APPS.full.app_id, appSecret: APPS.full.app_secret, domain: running.url, logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } });
    const conf = (await client.calendar.v4.setting.generateCaldavConf({ data: { device_name: 'bench' } }, lark.withUserAccessToken(token))).data!;
    const auth = `Basic ${Buffer.from(`${conf.user_name}:${conf.password}`).toString('base64')}`;
    const made = await fetch(`${conf.server_address}/dav/calendars/alice/bench/`, { method: 'MKCALENDAR', headers: { authorization: auth } });
    const location = made.headers.get('location');
    if (made.status !== 201 || !location) throw new Error(`larkcal MKCALENDAR: ${made.status} ${await made.text()}`);
    const larkcal: Target = { name: 'larkcal', calendar: new URL(location, conf.server_address).href, auth, share: 1 };
    const started = await startRadicale(dir);
    radicale = started.child;

    console.error('running the CalDAV workload on larkcal …');
    const ours = await workload(larkcal);
    console.error('running the CalDAV workload on Radicale …');
    const theirs = await workload(started.target);
    return report(ours, theirs);
  } finally {
    radicale?.kill();
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(ours: Map<string, Timing>, theirs: Map<string, Timing>): boolean {
  const rate = (t: Timing) => t.requests / t.seconds;
  const lines = [`\nCalDAV, ${CONNECTIONS} connections: larkcal (SQLite) vs Radicale ${RADICALE}`, `${'scenario'.padEnd(36)}${'larkcal req/s'.padStart(14)}${'p50 ms'.padStart(7)}${'p99 ms'.padStart(7)}${'Radicale req/s'.padStart(16)}${'p50 ms'.padStart(7)}${'p99 ms'.padStart(7)}${'ratio'.padStart(8)}`];
  let met = true;
  const verdicts: string[] = [];
  for (const [name, mine] of ours) {
    const other = theirs.get(name)!;
    const ratio = rate(mine) / rate(other);
    const ms = (t: Timing, q: number) => percentile(t.latencies, q).toFixed(0).padStart(7);
    lines.push(`${name.padEnd(36)}${rate(mine).toFixed(0).padStart(14)}${ms(mine, 0.5)}${ms(mine, 0.99)}${rate(other).toFixed(0).padStart(16)}${ms(other, 0.5)}${ms(other, 0.99)}${`${ratio.toFixed(1)}×`.padStart(8)}`);
    met &&= ratio >= TARGET;
    verdicts.push(`  ${ratio >= TARGET ? 'PASS' : 'MISS'}  ${name}: larkcal ≥ ${TARGET}× Radicale's req/s (${ratio.toFixed(1)}×)`);
  }
  console.log([...lines, '', ...verdicts].join('\n'));
  return met;
}
