/**
 * `npm run bench -- --only delivery` (issue #9 §8): change-event delivery
 * under event writes, by webhook and by the SDK's WSClient at once.
 *
 * One user, alice, subscribes to event changes on her primary calendar through
 * two apps: `full` takes them by webhook (the SDK's EventDispatcher behind
 * adaptDefault, no Encrypt Key), `nobot` by long connection (the SDK's
 * WSClient). Each create is then one delivery per transport. The server and
 * the worker run on this thread; the writer, the receiver and the WSClient in
 * bench/delivery-client.ts, each on a thread of its own, so that the CPU each
 * participant uses per create is measured apart (bench/delivery-cpu.ts).
 *
 * 1. writes, delivery off: closed-loop creates (50 connections) for half
 *    the duration, with the worker stopped and the WSClient gone: a backlog.
 * 2. saturation: the first backlog is fanned out (timed), then drained by
 *    webhook alone, then by the WSClient once it connects; deliveries per
 *    second between the first and the last receipt.
 * 3. writes, delivery on: the same closed loop with the worker running and
 *    both transports receiving. 1–3 run twice, so that off and on share
 *    whatever else the machine is doing; each "on" follows its "off", on the
 *    larger database, so the ratio errs against delivery. Its throughput is
 *    the creates over the time until both transports received the last of
 *    them: a worker that let a backlog build while the writes ran would
 *    otherwise look free. Beside it, the server thread's CPU per create
 *    (until delivered), which the other work on a shared machine moves less.
 * 4. latency: creates paced at 1,000/s for the duration (or, where the
 *    machine did not keep up with that in 3, at HEADROOM of what it did:
 *    creates, or deliveries while the creates ran, whichever was fewer),
 *    merging off (`mergeWindowMs: 0`; the worker's default poll). Per event,
 *    the API's answer to the handler's call, matched by calendar_event_id;
 *    the commit precedes the answer, so this slightly understates
 *    commit-to-receipt.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageChannel, Worker } from 'node:worker_threads';
import { longConnectionOf, startDelivery } from '../src/adapters/delivery/runtime.js';
import type { DeliveryWorker } from '../src/adapters/delivery/worker.js';
import { systemClock, type Store } from '../src/core/ports.js';
import { loadFixture } from '../src/core/tenancy/seed.js';
import { TokenService } from '../src/core/tenancy/tokens.js';
import { buildServer } from '../src/server.js';
import { openStore } from '../src/storage/store.js';
import { ACME, APPS, type AppName } from '../test/support/fixture.js';
import type { Arrivals, Command, Role, Transport, WriteResult } from './delivery-client.js';
import { addUp, CpuMeter, cpuReport, threadCpuMs, type CpuUse } from './delivery-cpu.js';
import { deliveryFixture } from './fixture.js';

const RATE = 1000;
/**
 * Where the machine does not sustain RATE with delivery on, latency is taken
 * at this share of what it did sustain: at the saturation rate itself every
 * figure is the length of a queue.
 */
const HEADROOM = 0.8;
/** Runs with delivery off and on, alternating, each of half the duration. */
const ROUNDS = 2;
/** Rounds of one kind further apart than this say more about the machine than about delivery. */
const NOISY = 1.25;
const CONNECTIONS = 50;
const P99_TARGET_MS = 200;
const WRITE_RATIO_TARGET = 0.8;
const SILENT = { info() {}, warn() {}, error() {} };
const LABEL: Record<Transport, string> = { webhook: 'webhook', ws: 'WSClient' };

/** One participant of bench/delivery-client.ts in a worker thread, loaded through tsx as this file was. */
class ClientThread {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(value: any): void; reject(error: Error): void }>();

  constructor(readonly role: Role) {
    const url = new URL('./delivery-client.ts', import.meta.url).href;
    this.worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`, { eval: true, workerData: { role } });
    this.worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(id)!;
      this.waiting.delete(id);
      if (error === undefined) waiter.resolve(result);
      else waiter.reject(new Error(`delivery client (${role}): ${error}`));
    });
    this.worker.on('error', (error) => { for (const waiter of this.waiting.values()) waiter.reject(error); });
  }

  call(command: Extract<Command, { cmd: 'write' }>): Promise<WriteResult>;
  call(command: Extract<Command, { cmd: 'collect' }>): Promise<Record<Transport, Arrivals>>;
  call(command: Extract<Command, { cmd: 'listen' }>): Promise<{ url: string }>;
  call(command: Extract<Command, { cmd: 'cpu' }>): Promise<number | null>;
  call(command: Command): Promise<unknown>;
  call(command: Command): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, command }, command.cmd === 'receipts' ? [command.port] : []);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** The bench's own participants: the writer, and the receiver of each transport, each on its thread. */
class Clients {
  readonly writer = new ClientThread('writer');
  readonly webhook = new ClientThread('webhook');
  readonly ws = new ClientThread('ws');

  /** Receipts go from each receiver straight to the writer, which matches them with its answers. */
  async wire(): Promise<void> {
    for (const transport of ['webhook', 'ws'] as const) {
      const { port1, port2 } = new MessageChannel();
      await this.writer.call({ cmd: 'receipts', port: port1, transport });
      await this[transport].call({ cmd: 'receipts', port: port2, transport });
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.writer.close(), this.webhook.close(), this.ws.close()]);
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
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** Several write runs as one. */
const total = (runs: Written[]): Written => {
  const count = runs.reduce((n, w) => n + w.count, 0);
  const seconds = runs.reduce((n, w) => n + w.seconds, 0);
  return { count, seconds, perSecond: count / seconds, failed: runs.reduce((n, w) => n + w.failed, 0), busy: runs.reduce((n, w) => n + w.busy * w.seconds, 0) / seconds, cpu: addUp(runs.map((w) => w.cpu)) };
};
const rate = (a: Arrivals) => a.spanMs > 0 ? ((a.received - 1) * 1000) / a.spanMs : NaN;

export async function runDelivery(duration: number): Promise<boolean> {
  const clients = new Clients();
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-bench-delivery-'));
  const store = await openStore({ dialect: 'sqlite', file: join(dir, 'bench.db') });
  const longConnection = longConnectionOf(store, systemClock);
  const server = await buildServer({ store, clock: systemClock, rateLimit: false, logLevel: 'silent', longConnection });
  const worker = startDelivery(store, systemClock, SILENT, { mergeWindowMs: 0, longConnection: longConnection.hub });
  const meter = new CpuMeter([
    ['server', () => threadCpuMs(process.pid)],
    ['writer', () => clients.writer.call({ cmd: 'cpu' })],
    ['webhook', () => clients.webhook.call({ cmd: 'cpu' })],
    ['ws', () => clients.ws.call({ cmd: 'cpu' })],
  ]);
  try {
    await clients.wire();
    const { url: receiverUrl } = await clients.webhook.call({ cmd: 'listen' });
    await loadFixture(store, deliveryFixture(receiverUrl), systemClock);
    await server.listen({ port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    const base = `http://127.0.0.1:${address.port}`;

    const writer = await userToken(store, 'full', 'alice');
    const calendarId = (await store.calendars.primaryOf(`user:${writer.ref}`))!.calendarId;
    await subscribe(base, calendarId, writer.token);
    await subscribe(base, calendarId, (await userToken(store, 'nobot', 'alice')).token);
    await clients.ws.call({ cmd: 'connect', base, app: 'nobot' });
    const eventsUrl = `${base}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events`;
    const write = async (phase: string, rate: number | null, seconds: number): Promise<Written> => {
      const before = performance.eventLoopUtilization();
      const cpu = await meter.read();
      const result = await clients.writer.call({ cmd: 'write', phase, url: eventsUrl, token: writer.token, rate, seconds, connections: CONNECTIONS });
      return { ...result, busy: performance.eventLoopUtilization(before).utilization, cpu: await meter.since(cpu) };
    };
    const collect = (phase: string, transports: Transport[], timeoutMs = 60_000) => clients.writer.call({ cmd: 'collect', phase, transports, timeoutMs });

    console.error('delivery: warming up …');
    await write('warm-up', 200, 1);
    await collect('warm-up', ['webhook', 'ws']);

    const { off, on, delivered, drained, underLoad, fanOutMs, drainCpu } = await offAndOn({ clients, base, worker, meter, write, collect }, duration);

    const sustained = Math.min(total(on).perSecond, ...(['webhook', 'ws'] as const).map((t) => mean(underLoad.map((u) => u[t].whileWriting))));
    const pace = sustained >= RATE ? RATE : Math.floor(sustained * HEADROOM);
    console.error(`delivery: creates at ${pace}/s for ${duration} s, both transports …`);
    const paced = await write('paced', pace, duration);
    const latency = await collect('paced', ['webhook', 'ws']);
    await clients.ws.call({ cmd: 'disconnect' });

    return report({ duration, sustained, pace, paced, latency, off, on, delivered, fanOutMs, drainCpu, drained, underLoad });
  } finally {
    await worker.stop();
    await server.close();
    await store.close();
    await clients.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Bench {
  clients: Clients;
  base: string;
  worker: DeliveryWorker;
  meter: CpuMeter;
  write(phase: string, rate: number | null, seconds: number): Promise<Written>;
  collect(phase: string, transports: Transport[]): Promise<Record<Transport, Arrivals>>;
}

/** Steps 1–3: closed-loop creates without delivery and with, alternating; the first backlog's drain timed. */
async function offAndOn({ clients, base, worker, meter, write, collect }: Bench, duration: number) {
  // Off and on alternate, so that both see what else the machine was doing at the time.
  const off: Written[] = [];
  const on: Written[] = [];
  /** The "on" runs again, over the time until both transports received their last create, and the server's CPU until then. */
  const delivered: Written[] = [];
  const underLoad: Array<Record<Transport, Arrivals>> = [];
  const drained: Array<Record<Transport, Arrivals>> = [];
  let fanOutMs = 0;
  /** The server thread's CPU (ms) for the first backlog: fanning it out, then sending it by each transport. */
  let drainCpu: Figures['drainCpu'];
  for (let round = 0; round < ROUNDS; round++) {
    console.error(`delivery: creates as fast as they go for ${duration / ROUNDS} s, delivery off …`);
    await clients.ws.call({ cmd: 'disconnect' });
    await worker.stop();
    off.push(await write(`off ${round}`, null, duration / ROUNDS));
    console.error(`delivery: draining a backlog of ${off[round]!.count} events …`);
    const fanOutStart = performance.now();
    const fanOutCpu = threadCpuMs(process.pid);
    await worker.catchUp();
    fanOutMs ||= performance.now() - fanOutStart;
    worker.start();
    // The first backlog is timed, by one transport at a time; later ones are only drained.
    if (round === 0) {
      const webhookCpu = threadCpuMs(process.pid);
      const { webhook } = await collect(`off ${round}`, ['webhook']);
      const webhookEnd = threadCpuMs(process.pid);
      await clients.ws.call({ cmd: 'connect', base, app: 'nobot' });
      const wsCpu = threadCpuMs(process.pid);
      const { ws } = await collect(`off ${round}`, ['ws']);
      const end = threadCpuMs(process.pid);
      if (fanOutCpu !== undefined) drainCpu = { fanOut: webhookCpu! - fanOutCpu, webhook: webhookEnd! - webhookCpu!, ws: end! - wsCpu! };
      drained.push({ webhook, ws });
    } else {
      await clients.ws.call({ cmd: 'connect', base, app: 'nobot' });
      drained.push(await collect(`off ${round}`, ['webhook', 'ws']));
    }

    console.error(`delivery: creates as fast as they go for ${duration / ROUNDS} s, delivery on …`);
    const cpu = await meter.read();
    const written = await write(`on ${round}`, null, duration / ROUNDS);
    const arrivals = await collect(`on ${round}`, ['webhook', 'ws']);
    const seconds = Math.max(arrivals.webhook.untilLastMs, arrivals.ws.untilLastMs) / 1000;
    on.push(written);
    underLoad.push(arrivals);
    delivered.push({ ...written, seconds, perSecond: written.count / seconds, cpu: await meter.since(cpu) });
  }
  return { off, on, delivered, drained, underLoad, fanOutMs, drainCpu };
}

/** A write run, how busy this (the server's) thread was meanwhile, and the CPU each participant used (Linux). */
type Written = WriteResult & { busy: number; cpu: CpuUse | undefined };

interface Figures {
  duration: number;
  /** Creates per second that writes and both transports kept up with, at saturation. */
  sustained: number;
  /** The latency run's creates per second. */
  pace: number;
  paced: Written;
  latency: Record<Transport, Arrivals>;
  off: Written[];
  on: Written[];
  /** `on` until delivered. */
  delivered: Written[];
  fanOutMs: number;
  drainCpu: { fanOut: number; webhook: number; ws: number } | undefined;
  /** The backlog each run without delivery left; the first one's drain is timed. */
  drained: Array<Record<Transport, Arrivals>>;
  underLoad: Array<Record<Transport, Arrivals>>;
}

function report(f: Figures): boolean {
  const transports: Transport[] = ['webhook', 'ws'];
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const lines = [`delivery: ${f.duration} s runs; ${cpus().length} cores, load average ${load}`, ''];
  const writes = (name: string, w: Written) => `  ${name.padEnd(44)}${w.perSecond.toFixed(0).padStart(7)}/s  (${w.count} in ${w.seconds.toFixed(1)} s${w.failed ? `, ${w.failed} failed` : ''}; server thread ${(w.busy * 100).toFixed(0)}% busy)`;
  lines.push('event creates (one delivery per transport each):');
  const each = (runs: Written[]) => runs.map((w) => w.perSecond.toFixed(0)).join(', ');
  lines.push(`${writes(`closed loop, ${CONNECTIONS} connections, delivery off`, total(f.off))}  rounds: ${each(f.off)}`);
  lines.push(`${writes(`closed loop, ${CONNECTIONS} connections, delivery on`, total(f.on))}  rounds: ${each(f.on)}`);
  lines.push(`  ${'the same, until both transports received all'.padEnd(44)}${total(f.delivered).perSecond.toFixed(0).padStart(7)}/s  (in ${total(f.delivered).seconds.toFixed(1)} s)  rounds: ${each(f.delivered)}`);
  const ratio = total(f.delivered).perSecond / total(f.off).perSecond;
  lines.push(`  with delivery / without: ${ratio.toFixed(2)}× (creates answered alone: ${(total(f.on).perSecond / total(f.off).perSecond).toFixed(2)}×)`);
  const serverPerCreate = (w: Written) => (w.cpu === undefined ? undefined : w.cpu.server! / w.count);
  const [cpuOff, cpuOn] = [serverPerCreate(total(f.off)), serverPerCreate(total(f.delivered))];
  if (cpuOff !== undefined && cpuOn !== undefined) {
    const rounds = (runs: Written[]) => runs.map((w) => serverPerCreate(w)!.toFixed(2)).join(', ');
    lines.push(`  server thread CPU per create: ${cpuOff.toFixed(2)} ms off (rounds: ${rounds(f.off)}), ${cpuOn.toFixed(2)} ms on, until delivered (rounds: ${rounds(f.delivered)}): ${(cpuOff / cpuOn).toFixed(2)}×`);
  }
  const spread = (runs: Written[]) => Math.max(...runs.map((w) => w.perSecond)) / Math.min(...runs.map((w) => w.perSecond));
  const noisiest = Math.max(spread(f.off), spread(f.delivered));
  if (noisiest > NOISY) lines.push(`  (rounds of one kind differ by ${((noisiest - 1) * 100).toFixed(0)}%: something else took this machine's cores, and the ratio is noise)`);
  lines.push(writes(`paced at ${f.pace}/s, delivery on`, f.paced));
  if (f.sustained < RATE) {
    lines.push(`  (${RATE}/s not sustained: with delivery this machine kept up with ${f.sustained.toFixed(0)} creates/s; latency is taken at ${HEADROOM}× that)`);
  }
  lines.push('', ...cpuReport(total(f.off), total(f.delivered), cpus().length, WRITE_RATIO_TARGET));
  lines.push('');

  lines.push('answer-to-receipt latency, paced run, merging off (ms):');
  lines.push(`  ${'transport'.padEnd(12)}${'received'.padStart(14)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}`);
  for (const t of transports) {
    const a = f.latency[t];
    const s = a.latencies;
    lines.push(`  ${LABEL[t].padEnd(12)}${`${a.received}/${a.expected}`.padStart(14)}${ms(percentile(s, 0.5))}${ms(percentile(s, 0.95))}${ms(percentile(s, 0.99))}${ms(s.at(-1) ?? NaN)}`);
  }
  lines.push('');

  const changesPerSecond = (f.off[0]!.count * 1000) / f.fanOutMs;
  lines.push(`deliveries per second at saturation (backlog of ${f.off[0]!.count} events, fanned out in ${(f.fanOutMs / 1000).toFixed(1)} s: ${changesPerSecond.toFixed(0)} changes/s):`);
  const backlog = f.off[0]!.count;
  const perDelivery = (ms: number | undefined) => ms === undefined ? '' : `; server thread ${(ms / backlog).toFixed(3)} ms CPU each`;
  if (f.drainCpu) lines.push(`  fan-out: server thread ${(f.drainCpu.fanOut / backlog).toFixed(3)} ms CPU per change (two deliveries)`);
  for (const t of transports) {
    const a = f.drained[0]![t];
    lines.push(`  ${`${LABEL[t]} alone`.padEnd(44)}${rate(a).toFixed(0).padStart(7)}/s  (${a.received}/${a.expected} in ${(a.spanMs / 1000).toFixed(1)} s${perDelivery(f.drainCpu?.[t])})`);
  }
  for (const t of transports) {
    const whileWriting = mean(f.underLoad.map((u) => u[t].whileWriting));
    lines.push(`  ${`${LABEL[t]}, while the closed loop writes`.padEnd(44)}${whileWriting.toFixed(0).padStart(7)}/s  rounds: ${f.underLoad.map((u) => u[t].whileWriting.toFixed(0)).join(', ')}`);
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
  lines.push(`  ${verdict(ratio >= WRITE_RATIO_TARGET)}  creates with delivery (until delivered) ≥ ${WRITE_RATIO_TARGET}× without (${ratio.toFixed(2)}×)`);
  const lost = transports.flatMap((t) => [f.latency[t], ...f.drained.map((d) => d[t]), ...f.underLoad.map((u) => u[t])]).reduce((n, a) => n + a.expected - a.received, 0);
  lines.push(`  ${verdict(lost === 0)}  every event delivered by both transports (${lost} missing)`);
  console.log(lines.join('\n'));
  return allMet;
}
