/**
 * `npm test`: every *.test.ts under test/, through node's test runner.
 * Files run in parallel processes; the reporter's closing lines give the counts.
 * `*.serial.test.ts` files then run one at a time, alone: they disturb what
 * others share (a PostgreSQL restart).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureWebBuilt } from './support/browser.js';

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'support' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = find('test').filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const serial = files.filter((f) => f.endsWith('.serial.test.ts'));
const parallel = files.filter((f) => !serial.includes(f));
console.log(`running ${files.length} test files${process.env.LARKCAL_TEST_PG_URL ? ' on SQLite and PostgreSQL' : ' on SQLite (set LARKCAL_TEST_PG_URL for PostgreSQL too)'}${serial.length > 0 ? `, ${serial.length} of them alone after the others` : ''}`);

function run(group: string[], concurrency: number): number {
  if (group.length === 0) return 0;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/fast-check.setup.ts', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...group.map((f) => relative('.', f))], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

// The browser tests serve the built web calendar: built here once, not by each file at the same time.
if (files.some((f) => f.includes(join('test', 'web')))) ensureWebBuilt();

const status = run(parallel, 4) || 0;
const serialStatus = run(serial, 1);
process.exit(status || serialStatus);
