/**
 * `npm run fuzz [-- --seed N --requests N --seconds S --concurrency C --dialect sqlite|postgres]`:
 * hostile requests at every Open API route (issue #16 §1), SQLite always and
 * PostgreSQL when LARKCAL_TEST_PG_URL is set. Each dialect runs in a child
 * process of its own, so one's memory does not count against the other's.
 * Exits 1 on any failure not in fuzz/known.ts. FUZZ_VERBOSE=1 also lists
 * the routes whose seed request fails, and the known failures by route.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dialect } from '../test/support/database.js';
import { runCampaign, type CampaignOptions, type CampaignResult } from './campaign.js';
import { printResult, printVerdict } from './report.js';

interface Args extends Omit<CampaignOptions, 'dialect'> {
  dialects: Dialect[];
  child: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const number = (name: string, fallback: number) => {
    const text = value(name);
    const parsed = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} takes a whole number, not ${text}`);
    return parsed;
  };
  const dialect = value('dialect');
  if (dialect !== undefined && dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`--dialect is sqlite or postgres, not ${dialect}`);
  const available: Dialect[] = process.env.LARKCAL_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  return {
    seed: number('seed', Math.floor(Math.random() * 2 ** 31)),
    requests: number('requests', 5_000),
    seconds: number('seconds', 600),
    concurrency: Math.max(1, number('concurrency', 4)),
    dialects: dialect ? [dialect] : available,
    child: argv.includes('--child'),
  };
}

const args = parseArgs(process.argv.slice(2));

if (args.child) {
  const result = await runCampaign({ ...args, dialect: args.dialects[0]! });
  process.send!(result);
  process.disconnect();
} else {
  console.log(`fuzz: seed ${args.seed} (replay with --seed ${args.seed}), at most ${args.requests} requests and ${args.seconds} s per dialect, ${args.dialects.join(' and ')}`);
  const results: CampaignResult[] = [];
  for (const dialect of args.dialects) {
    const result = await inChild(dialect);
    printResult(result);
    results.push(result);
  }
  process.exit(printVerdict(results));
}

function inChild(dialect: Dialect): Promise<CampaignResult> {
  const self = fileURLToPath(import.meta.url);
  const argv = ['--child', '--dialect', dialect, '--seed', String(args.seed), '--requests', String(args.requests), '--seconds', String(args.seconds), '--concurrency', String(args.concurrency)];
  const child = fork(self, argv, { execArgv: ['--import', 'tsx', '--expose-gc'] });
  return new Promise((resolve, reject) => {
    let result: CampaignResult | undefined;
    child.on('message', (message) => (result = message as CampaignResult));
    child.on('exit', (code, signal) => {
      // The child dying is the "process stays up" check failing outright.
      if (result) resolve(result);
      else reject(new Error(`the ${dialect} run ended without a result (exit ${code ?? signal})`));
    });
  });
}
