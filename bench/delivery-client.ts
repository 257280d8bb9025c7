/**
 * The client side of `npm run bench -- --only delivery`. Each participant has
 * a thread of its own (`workerData.role`), so that its event loop is not the
 * server's and the CPU it uses can be told apart from the others': the writer
 * (event creates, paced or closed-loop), the webhook receiver (the SDK's
 * EventDispatcher behind adaptDefault) and the SDK's WSClient. The receivers
 * pass their receipts to the writer over a MessagePort, batched; answer and
 * receipt times are both `performance.timeOrigin + performance.now()`, which
 * the threads of one process share to well under a millisecond.
 *
 * bench/delivery.ts drives them by messages: `{ id, command }` in, `{ id, result }` or `{ id, error }` out.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as lark from '@larksuiteoapi/node-sdk';
import { EVENT_CHANGED, sdkClient, type SdkClient } from '../test/api/long-connection-support.js';
import type { AppName } from '../test/support/fixture.js';
import { threadCpuMs } from './delivery-cpu.js';

export type Transport = 'webhook' | 'ws';
/** Which participant a thread is: the writer, or the receiver of one transport. */
export type Role = 'writer' | Transport;

export type Command =
  | { cmd: 'listen' }
  | { cmd: 'connect'; base: string; app: AppName }
  | { cmd: 'disconnect' }
  /** Creates events for `seconds`: at `rate` per second, or as fast as `connections` allow when it is null. */
  | { cmd: 'write'; phase: string; url: string; token: string; rate: number | null; seconds: number; connections: number }
  /** Waits (up to `timeoutMs`) until every event of `phase` arrived by each transport. */
  | { cmd: 'collect'; phase: string; transports: Transport[]; timeoutMs: number }
  /** A receiver: where its receipts go (one end of a MessageChannel). The writer: where those of `transport` come from. */
  | { cmd: 'receipts'; port: MessagePort; transport: Transport }
  /** This thread's CPU time so far, ms (Linux; null elsewhere). */
  | { cmd: 'cpu' };

export interface WriteResult { count: number; failed: number; seconds: number; perSecond: number }

export interface Arrivals {
  expected: number;
  received: number;
  /** Receipt minus answer, ms, of each received event, ascending. */
  latencies: number[];
  /** Between the first and the last receipt, ms. */
  spanMs: number;
  /** Receipts per second while the phase was writing. */
  whileWriting: number;
  /** From the phase's first create to its last receipt, ms: how long writing and delivering all of it took. */
  untilLastMs: number;
}

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
const role = (workerData as { role: Role }).role;
/** Comparable across the threads of this process (performance.now() alone starts at each thread's own origin). */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** First receipt of each calendar_event_id, per transport (delivery is at least once). */
const receipts: Record<Transport, Map<string, number>> = { webhook: new Map(), ws: new Map() };
/** Answer time of each created event, per phase. */
const answers = new Map<string, Map<string, number>>();
/** When each phase's writing started and its last answer came. */
const windows = new Map<string, { start: number; end: number }>();
let ws: SdkClient | undefined;

/** A receiver's receipts not yet passed to the writer, and where they go. */
let unsent: Array<[string, number]> = [];
let toWriter: MessagePort | undefined;
const RECEIPT_BATCH_MS = 20;

function receive(transport: Transport, data: { calendar_event_id?: string }): void {
  const id = data.calendar_event_id;
  if (!id || receipts[transport].has(id)) return;
  receipts[transport].set(id, now());
  if (unsent.push([id, receipts[transport].get(id)!]) === 1) setTimeout(flushReceipts, RECEIPT_BATCH_MS);
}

function flushReceipts(): void {
  toWriter?.postMessage(unsent);
  unsent = [];
}

/** The writer's side: receipts from the receiver of `transport`. */
function takeReceipts(transport: Transport, port: MessagePort): void {
  port.on('message', (batch: Array<[string, number]>) => {
    for (const [id, at] of batch) if (!receipts[transport].has(id)) receipts[transport].set(id, at);
  });
}

async function listen(): Promise<{ url: string }> {
  const dispatcher = new lark.EventDispatcher({ logger: SILENT }).register({ [EVENT_CHANGED]: async (data: { calendar_event_id?: string }) => receive('webhook', data) });
  const handle = lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true });
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lark/events` };
}

/** One create; the event id and its answer time, or undefined when it failed. */
function create(url: URL, token: string, body: string, agent: http.Agent): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: 'POST', agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve(json.code === 0 ? json.data.event.event_id as string : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

async function write(c: Extract<Command, { cmd: 'write' }>): Promise<WriteResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c.connections });
  const url = new URL(c.url);
  const at = Math.floor(Date.now() / 1000) + 86_400;
  const body = JSON.stringify({ summary: 'Bench', start_time: { timestamp: String(at) }, end_time: { timestamp: String(at + 1800) } });
  const answered = new Map<string, number>();
  answers.set(c.phase, answered);
  let failed = 0;
  let last = 0;
  const one = async () => {
    const id = await create(url, c.token, body, agent);
    last = now();
    if (id) answered.set(id, last);
    else failed++;
  };
  const start = now();
  const end = start + c.seconds * 1000;
  if (c.rate === null) {
    await Promise.all(Array.from({ length: c.connections }, async () => {
      while (now() < end) await one();
    }));
  } else {
    // Each create has its slot on the schedule; behind it (all connections busy) the writer sends as fast as it can.
    const inFlight = new Set<Promise<void>>();
    for (let sent = 0; now() < end;) {
      const wait = start + (sent * 1000) / c.rate - now();
      if (wait > 1) await sleep(wait);
      else if (inFlight.size >= c.connections) await Promise.race(inFlight);
      else {
        const request: Promise<void> = one().finally(() => inFlight.delete(request));
        inFlight.add(request);
        sent++;
      }
    }
    await Promise.all(inFlight);
  }
  agent.destroy();
  windows.set(c.phase, { start, end: last });
  const seconds = (last - start) / 1000;
  return { count: answered.size, failed, seconds, perSecond: answered.size / seconds };
}

async function collect(c: Extract<Command, { cmd: 'collect' }>): Promise<Record<string, Arrivals>> {
  const answered = answers.get(c.phase) ?? new Map<string, number>();
  const deadline = now() + c.timeoutMs;
  const missing = () => c.transports.some((t) => [...answered.keys()].some((id) => !receipts[t].has(id)));
  while (missing() && now() < deadline) await sleep(50);
  return Object.fromEntries(c.transports.map((t) => {
    const latencies: number[] = [];
    const times: number[] = [];
    for (const [id, answer] of answered) {
      const receipt = receipts[t].get(id);
      if (receipt === undefined) continue;
      latencies.push(receipt - answer);
      times.push(receipt);
    }
    latencies.sort((a, b) => a - b);
    const spanMs = times.reduce((a, b) => Math.max(a, b), -Infinity) - times.reduce((a, b) => Math.min(a, b), Infinity);
    const window = windows.get(c.phase) ?? { start: 0, end: 0 };
    const whileWriting = (times.filter((time) => time <= window.end).length * 1000) / (window.end - window.start);
    const untilLastMs = times.reduce((a, b) => Math.max(a, b), window.end) - window.start;
    return [t, { expected: answered.size, received: latencies.length, latencies, spanMs: times.length > 1 ? spanMs : 0, whileWriting, untilLastMs }];
  }));
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'receipts':
      if (role === 'writer') takeReceipts(command.transport, command.port);
      else toWriter = command.port;
      return {};
    case 'cpu':
      return threadCpuMs('thread-self') ?? null;
    case 'listen':
      return listen();
    case 'connect':
      ws = await sdkClient(command.base, command.app, { [EVENT_CHANGED]: async (data: { calendar_event_id?: string }) => receive('ws', data) });
      if (ws.errors.length > 0) throw ws.errors[0];
      return {};
    case 'disconnect':
      ws?.ws.close({ force: true });
      ws = undefined;
      return {};
    case 'write':
      return write(command);
    case 'collect':
      return collect(command);
  }
}

parentPort!.on('message', ({ id, command }: { id: number; command: Command }) => {
  run(command).then(
    (result) => parentPort!.postMessage({ id, result }),
    (error: unknown) => parentPort!.postMessage({ id, error: String(error) }),
  );
});
