/**
 * `npm run bench -- --only start`: how long `startLarkcal` takes until its
 * server answers, on the bench fixture (the test fixture's two tenants plus a
 * 100-user tenant), against the target of 300 ms (issue #12 §6). The first
 * start in a process also loads and compiles the modules, so it is reported
 * apart; the target is for the starts after it, as in a test suite.
 */
import { performance } from 'node:perf_hooks';
import { startLarkcal } from '../src/index.js';
import { benchFixture } from './fixture.js';

const TARGET_MS = 300;
const RUNS = 10;

async function readyIn(): Promise<number> {
  const started = performance.now();
  const larkcal = await startLarkcal({ fixture: benchFixture(), logLevel: 'silent' });
  const ready = performance.now() - started;
  const health = await fetch(`${larkcal.url}/healthz`);
  if (!health.ok) throw new Error(`started but /healthz answered ${health.status}`);
  await larkcal.stop();
  return ready;
}

export async function runStartBench(): Promise<boolean> {
  const first = await readyIn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await readyIn());
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(RUNS / 2)]!;
  const worst = times.at(-1)!;
  // The typical start, as a test suite meets it; the slowest is printed too (a loaded machine stretches it).
  const met = p50 <= TARGET_MS;
  const users = benchFixture().tenants.reduce((n, t) => n + (t.users?.length ?? 0), 0);
  console.log(`startLarkcal on the bench fixture (${users} users), in-memory SQLite, ${RUNS} starts after a first one:`);
  console.log(`  first start ${first.toFixed(0)} ms (module loading included)`);
  console.log(`  ready in p50 ${p50.toFixed(0)} ms (target ≤ ${TARGET_MS} ms: ${met ? 'PASS' : 'MISS'}), max ${worst.toFixed(0)} ms`);
  return met;
}
