/**
 * `npm test`: every *.test.ts under test/, through node's test runner.
 * Files run in parallel processes; the reporter's closing lines give the counts.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function find(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'support' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = find('test').filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
console.log(`running ${files.length} test files${process.env.LARKCAL_TEST_PG_URL ? ' on SQLite and PostgreSQL' : ' on SQLite (set LARKCAL_TEST_PG_URL for PostgreSQL too)'}`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/support/fast-check.setup.ts', '--test', '--test-concurrency=4', '--test-reporter=spec', ...files.map((f) => relative('.', f))], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
