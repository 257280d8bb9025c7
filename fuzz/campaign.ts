/** One dialect's run: a world, the seeded cases sent and checked, the process watched throughout. */
import { drawCase, seedCase, type Case } from './cases.js';
import { checkAnswer, type Failure } from './checks.js';
import { knownDefectOf } from './known.js';
import { Rng } from './random.js';
import { sendHttp, sendRaw, type Answer } from './send.js';
import { paddedBody } from './wire.js';
import { startWorld, type World } from './world.js';
import type { Dialect } from '../test/support/database.js';

export interface CampaignOptions {
  dialect: Dialect;
  seed: number;
  requests: number;
  seconds: number;
  concurrency: number;
}

export interface FailureGroup {
  kind: Failure['kind'];
  route: string;
  count: number;
  /** The issue #16 defect it is known as, if any. */
  defect: number | undefined;
  examples: Failure[];
}

export interface CampaignResult {
  dialect: Dialect;
  routes: number;
  sent: number;
  seconds: number;
  /** With the server up and the world made, before any fuzzing. */
  rssStartMiB: number;
  rssWarmMiB: number;
  rssEndMiB: number;
  groups: FailureGroup[];
  /** How far the requests got: answers by status, and Feishu successes (code 0). */
  statuses: Record<string, number>;
  /** Routes whose unspoiled seed request succeeds (code 0), out of `routes`: the rest are fuzzed from the gateway's or validation's side only. */
  seedsOk: number;
  seedsRefused: string[];
}

const HEALTH_EVERY = 250;
const REFRESH_EVERY = 1_000;

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const world = await startWorld(options.dialect);
  const base = new URL(world.url);
  const rng = new Rng(options.seed);
  const groups = new Map<string, FailureGroup>();
  const statuses: Record<string, number> = {};
  const record = (failure: Failure) => {
    const defect = knownDefectOf(failure)?.defect;
    const key = `${defect ?? 'new'}|${failure.kind}|${failure.route}`;
    const group = groups.get(key) ?? { kind: failure.kind, route: failure.route, count: 0, defect, examples: [] };
    groups.set(key, group);
    group.count++;
    if (group.examples.length < 3 && !group.examples.some((e) => e.label === failure.label)) group.examples.push(failure);
  };
  const warmUpCount = Math.min(500, Math.ceil(options.requests / 10));
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let drawn = 0;
  let sent = 0;
  let rssWarm = 0;

  const probeHealth = async () => {
    const answer = await sendHttp(base, { method: 'GET', path: '/healthz', headers: {} });
    if (answer.status !== 200) record({ kind: 'down', route: 'GET /healthz', label: `after ${sent} requests`, detail: answer.error ?? `${answer.status} ${answer.body.slice(0, 80)}` });
  };

  const worker = async () => {
    while (drawn < options.requests && performance.now() < deadline) {
      const c = drawCase(rng, world);
      drawn++;
      const answer = await send(base, c);
      sent++;
      const status = answer.status === 0 ? 'none' : /"code":0[,}]/.test(answer.body.slice(0, 64)) ? 'code 0' : `${String(answer.status)[0]}xx`;
      statuses[status] = (statuses[status] ?? 0) + 1;
      for (const failure of checkAnswer(sentOf(c, world), answer)) record(failure);
      if (sent === warmUpCount) rssWarm = rssMiB();
      if (sent % HEALTH_EVERY === 0) await probeHealth();
      if (sent % REFRESH_EVERY === 0) await world.refresh();
    }
  };
  const rssStart = rssMiB();
  try {
    const seedsRefused = await sendSeeds(world, base, record);
    await sendHeavy(world, base);
    await world.refresh();
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    await probeHealth();
    const rssEnd = rssMiB();
    if (rssWarm === 0) rssWarm = rssEnd;
    if (rssEnd > 2 * rssWarm) record({ kind: 'rss', route: '(process)', label: `${sent} requests`, detail: `RSS ${rssWarm} MiB after warm-up, ${rssEnd} MiB after the run` });
    return {
      dialect: options.dialect, routes: world.routes.length, sent, seconds: (performance.now() - started) / 1000,
      rssStartMiB: rssStart, rssWarmMiB: rssWarm, rssEndMiB: rssEnd, groups: [...groups.values()], statuses,
      seedsOk: world.routes.length - seedsRefused.length, seedsRefused,
    };
  } finally {
    await world.close();
  }
}

/**
 * Each route's seed, checked like any other: it shows how deep the mutations of that route can go.
 * Deletes last, deepest first: the seed of DELETE calendar would take every other seed's calendar with it.
 * Returns the routes whose seed was not a success.
 */
async function sendSeeds(world: World, base: URL, record: (failure: Failure) => void): Promise<string[]> {
  const refused: string[] = [];
  const order = (r: { method: string; url: string }) => (r.method === 'DELETE' ? 10_000 - r.url.length : 0);
  for (const route of [...world.routes].sort((a, b) => order(a) - order(b))) {
    const c = seedCase(route, world);
    const answer = await send(base, c);
    for (const failure of checkAnswer(sentOf(c, world), answer)) record(failure);
    const page = answer.status >= 200 && answer.status < 400 && !answer.body.startsWith('{');
    if (!/"code":0[,}]/.test(answer.body.slice(0, 64)) && !page) refused.push(`${c.route} → ${answer.status} ${answer.body.slice(0, 100)}`);
  }
  return refused;
}

/**
 * The heaviest requests once, before warm-up ends: the memory a big body takes belongs in the
 * baseline, or the 2× check measures when the first 11 MB body happened to come.
 */
async function sendHeavy(world: World, base: URL): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${world.tokens.user}` };
  for (const megabytes of [5, 11]) await sendHttp(base, { method: 'POST', path: '/open-apis/calendar/v4/calendars', headers, body: paddedBody(megabytes) });
}

function send(base: URL, c: Case): Promise<Answer> {
  return 'raw' in c.request ? sendRaw(base, c.request.raw) : sendHttp(base, c.request);
}

function sentOf(c: Case, world: World) {
  const line = 'raw' in c.request ? c.request.raw.subarray(0, 2048).toString('latin1') : `${c.request.method} ${c.request.path}`;
  const [method = '', path = ''] = line.split(' ');
  return { route: c.route, label: c.label, method, path, secrets: world.secrets, ...(c.token && { token: c.token }) };
}

/** After a collection where the process allows one (`--expose-gc`): retained memory, not garbage not yet swept. */
function rssMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}
