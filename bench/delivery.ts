/**
 * `npm run bench -- --only delivery` (issue #9 §8): change-event delivery
 * under event writes, by webhook and by the SDK's WSClient at once.
 *
 * One user, alice, subscribes to event changes on her primary calendar through
 * two apps: `full` takes them by webhook (the SDK's EventDispatcher behind
 * adaptDefault, no Encrypt Key), `nobot` by long connection (the SDK's
 * WSClient). Each create is then one delivery per transport. The server and
 * the worker run on this thread; the writer, the receiver and the WSClient in
 * bench/delivery-client.ts, on another core.
 *
 * 1. writes, delivery off: closed-loop creates (50 connections) for the
 *    duration, with the worker stopped and the WSClient gone: a backlog.
 * 2. saturation: the backlog is fanned out (timed), then drained by webhook
 *    alone, then by the WSClient once it connects; deliveries per second
 *    between the first and the last receipt.
 * 3. writes, delivery on: the same closed loop with the worker running and
 *    both transports receiving. After the run without, on the larger
 *    database, so the ratio errs against delivery.
 * 4. latency: creates paced at 1,000/s for the duration (or, where the
 *    machine did not keep up with that in 3, at HEADROOM of what it did),
 *    merging off (`mergeWindowMs: 0`; the worker's default poll). Per event,
 *    the API's answer to the handler's call, matched by calendar_event_id;
 *    the commit precedes the answer, so this slightly understates
 *    commit-to-receipt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { longConnectionOf, startDelivery } from '../src/adapters/delivery/runtime.js';
import { systemClock, type Store } from '../src/core/ports.js';
import { loadFixture } from '../src/core/tenancy/seed.js';
import { TokenService } from '../src/core/tenancy/tokens.js';
import { buildServer } from '../src/server.js';
import { openStore } from '../src/storage/store.js';
import { ACME, APPS, type AppName } from '../test/support/fixture.js';
import type { Arrivals, Command, Transport, WriteResult } from './delivery-client.js';
import { deliveryFixture } from './fixture.js';

const RATE = 1000;
/**
 * Where the machine does not sustain RATE with delivery on, latency is taken
 * at this share of what it did sustain: at the saturation rate itself every
 * figure is the length of a queue.
 */
const HEADROOM = 0.8;
const CONNECTIONS = 50;
const P99_TARGET_MS = 200;
const WRITE_RATIO_TARGET = 0.8;
const SILENT = { info() {}, warn() {}, error() {} };
const LABEL: Record<Transport, string> = { webhook: 'webhook', ws: 'WSClient' };

/** bench/delivery-client.ts in a worker thread, loaded through tsx as this file was. */
class ClientThread {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();

  constructor() {
    const url = new URL('./delivery-client.ts', import.meta.url).href;
    this.worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true });
    this.worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(id)!;
      this.waiting.delete(id);
      if (error === undefined) waiter.resolve(result);
      else waiter.reject(new Error(`delivery client: ${error}`));
    });
    this.worker.on('error', (error) => { for (const waiter of this.waiting.values()) waiter.reject(error); });
  }

  call(command: Extract<Command, { cmd: 'write' }>): Promise<WriteResult>;
  call(command: Extract<Command, { cmd: 'collect' }>): Promise<Record<Transport, Arrivals>>;
  call(command: Extract<Command, { cmd: 'listen' }>): Promise<{ url: string }>;
  call(command: Command): Promise<unknown>;
  call(command: Command): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, command });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

async function userToken(store: Store, app: AppName, userId: string): Promise<{ token: string; ref: string }> {
  const found = (await store.tenancy.getApp(APPS[app].app_id))!;
  const user = (await store.tenancy.findUserByUserId(ACME, userId))!;
  return { token: (await new TokenService(store, systemClock).issueUserToken(found, user.ref, found.scopes)).accessToken.value, ref: user.ref };
}

async function subscribe(base: string, calendarId: string, token: string): Promise<void> {
  const r = await fetch(`${base}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events/subscription`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const json = await r.json() as { code: number };
  if (json.code !== 0) throw new Error(`subscription: ${JSON.stringify(json)}`);
}

const percentile = (sorted: number[], q: number) => sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
const ms = (n: number) => n.toFixed(1).padStart(8);
const rate = (a: Arrivals) => a.spanMs > 0 ? ((a.received - 1) * 1000) / a.spanMs : NaN;

export async function runDelivery(duration: number): Promise<boolean> {
  const client = new ClientThread();
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-bench-delivery-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'bench.db') });
  const longConnection = longConnectionOf(store, systemClock);
  const server = await buildServer({ store, clock: systemClock, rateLimit: false, logLevel: 'silent', longConnection });
  const worker = startDelivery(store, systemClock, SILENT, { mergeWindowMs: 0, longConnection: longConnection.hub });
  try {
    const { url: receiverUrl } = await client.call({ cmd: 'listen' });
    await loadFixture(store, deliveryFixture(receiverUrl), systemClock);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;

    const writer = await userToken(store, 'full', 'alice');
    const calendarId = (await store.calendars.primaryOf(`user:${writer.ref}`))!.calendarId;
    await subscribe(base, calendarId, writer.token);
    await subscribe(base, calendarId, (await userToken(store, 'nobot', 'alice')).token);
    await client.call({ cmd: 'connect', base, app: 'nobot' });
    const eventsUrl = `${base}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events`;
    const write = async (phase: string, rate: number | null, seconds: number): Promise<WriteResult & { busy: number }> => {
      const before = performance.eventLoopUtilization();
      const result = await client.call({ cmd: 'write', phase, url: eventsUrl, token: writer.token, rate, seconds, connections: CONNECTIONS });
      return { ...result, busy: performance.eventLoopUtilization(before).utilization };
    };
    const collect = (phase: string, transports: Transport[], timeoutMs = 60_000) => client.call({ cmd: 'collect', phase, transports, timeoutMs });

    console.error('delivery: warming up …');
    await write('warm-up', 200, 1);
    await collect('warm-up', ['webhook', 'ws']);

    console.error(`delivery: creates as fast as they go for ${duration} s, delivery off …`);
    await client.call({ cmd: 'disconnect' });
    await worker.stop();
    const off = await write('off', null, duration);

    console.error(`delivery: draining a backlog of ${off.count} events …`);
    const fanOutStart = performance.now();
    await worker.catchUp();
    const fanOutMs = performance.now() - fanOutStart;
    worker.start();
    const { webhook: drainedByWebhook } = await collect('off', ['webhook']);
    await client.call({ cmd: 'connect', base, app: 'nobot' });
    const { ws: drainedByWs } = await collect('off', ['ws']);

    console.error(`delivery: creates as fast as they go for ${duration} s, delivery on …`);
    const on = await write('on', null, duration);
    const underLoad = await collect('on', ['webhook', 'ws']);

    const sustained = Math.min(on.perSecond, underLoad.webhook.whileWriting, underLoad.ws.whileWriting);
    const pace = sustained >= RATE ? RATE : Math.floor(sustained * HEADROOM);
    console.error(`delivery: creates at ${pace}/s for ${duration} s, both transports …`);
    const paced = await write('paced', pace, duration);
    const latency = await collect('paced', ['webhook', 'ws']);
    await client.call({ cmd: 'disconnect' });

    return report({ duration, sustained, pace, paced, latency, off, on, fanOutMs, drained: { webhook: drainedByWebhook, ws: drainedByWs }, underLoad });
  } finally {
    await worker.stop();
    await server.close();
    await store.close();
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A write run, and how busy this (the server's) thread was meanwhile. */
type Written = WriteResult & { busy: number };

interface Figures {
  duration: number;
  /** Creates per second that writes and both transports kept up with, at saturation. */
  sustained: number;
  /** The latency run's creates per second. */
  pace: number;
  paced: Written;
  latency: Record<Transport, Arrivals>;
  off: Written;
  on: Written;
  fanOutMs: number;
  drained: Record<Transport, Arrivals>;
  underLoad: Record<Transport, Arrivals>;
}

function report(f: Figures): boolean {
  const transports: Transport[] = ['webhook', 'ws'];
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const lines = [`delivery: ${f.duration} s runs; ${cpus().length} cores, load average ${load}`, ''];
  const writes = (name: string, w: Written) => `  ${name.padEnd(44)}${w.perSecond.toFixed(0).padStart(7)}/s  (${w.count} in ${w.seconds.toFixed(1)} s${w.failed ? `, ${w.failed} failed` : ''}; server thread ${(w.busy * 100).toFixed(0)}% busy)`;
  lines.push('event creates (one delivery per transport each):');
  lines.push(writes(`closed loop, ${CONNECTIONS} connections, delivery off`, f.off));
  lines.push(writes(`closed loop, ${CONNECTIONS} connections, delivery on`, f.on));
  const ratio = f.on.perSecond / f.off.perSecond;
  lines.push(`  with delivery / without: ${ratio.toFixed(2)}×`);
  lines.push(writes(`paced at ${f.pace}/s, delivery on`, f.paced));
  if (f.sustained < RATE) {
    lines.push(`  (${RATE}/s not sustained: with delivery this machine kept up with ${f.sustained.toFixed(0)} creates/s; latency is taken at ${HEADROOM}× that)`);
  }
  lines.push('');

  lines.push('answer-to-receipt latency, paced run, merging off (ms):');
  lines.push(`  ${'transport'.padEnd(12)}${'received'.padStart(14)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`);
  for (const t of transports) {
    const a = f.latency[t];
    const s = a.latencies;
    lines.push(`  ${LABEL[t].padEnd(12)}${`${a.received}/${a.expected}`.padStart(14)}${ms(percentile(s, 0.5))}${ms(percentile(s, 0.95))}${ms(percentile(s, 0.99))}${ms(s.at(-1) ?? NaN)}`);
  }
  lines.push('');

  const changesPerSecond = (f.off.count * 1000) / f.fanOutMs;
  lines.push(`deliveries per second at saturation (backlog of ${f.off.count} events, fanned out in ${(f.fanOutMs / 1000).toFixed(1)} s: ${changesPerSecond.toFixed(0)} changes/s):`);
  for (const t of transports) {
    const a = f.drained[t];
    lines.push(`  ${`${LABEL[t]} alone`.padEnd(44)}${rate(a).toFixed(0).padStart(7)}/s  (${a.received}/${a.expected} in ${(a.spanMs / 1000).toFixed(1)} s)`);
  }
  for (const t of transports) {
    const a = f.underLoad[t];
    lines.push(`  ${`${LABEL[t]}, during the closed loop with delivery`.padEnd(44)}${a.whileWriting.toFixed(0).padStart(7)}/s  (all ${a.received}/${a.expected} in ${(a.spanMs / 1000).toFixed(1)} s)`);
  }

  lines.push('', 'targets:');
  let allMet = true;
  const verdict = (ok: boolean) => {
    allMet &&= ok;
    return ok ? 'PASS' : 'MISS';
  };
  for (const t of transports) {
    const p99 = percentile(f.latency[t].latencies, 0.99);
    lines.push(`  ${verdict(p99 <= P99_TARGET_MS)}  ${LABEL[t]}: answer-to-receipt p99 ≤ ${P99_TARGET_MS} ms (${p99.toFixed(1)} ms)`);
  }
  lines.push(`  ${verdict(ratio >= WRITE_RATIO_TARGET)}  creates with delivery ≥ ${WRITE_RATIO_TARGET}× without (${ratio.toFixed(2)}×)`);
  const lost = transports.flatMap((t) => [f.latency[t], f.drained[t], f.underLoad[t]]).reduce((n, a) => n + a.expected - a.received, 0);
  lines.push(`  ${verdict(lost === 0)}  every event delivered by both transports (${lost} missing)`);
  console.log(lines.join('\n'));
  return allMet;
}
