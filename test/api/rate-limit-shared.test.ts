/**
 * Rate limits across processes (issue #16 §3): two larkcal servers on one
 * database count as one gateway. On PostgreSQL the counters live in its
 * rate_counters table; with `--redis` they live in Redis (on either dialect).
 * The servers share a frozen clock, so a burst falls in one window.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { RedisRateCounters } from '../../src/adapters/redis/rate-counters.js';
import type { Store } from '../../src/core/ports.js';
import type { RateCounters } from '../../src/core/tenancy/rate-limits.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { buildServer } from '../../src/server.js';
import { openStore } from '../../src/storage/store.js';
import { TestClock } from '../support/clock.js';
import { DIALECTS, freshDatabase, type Dialect, type TestDatabase } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { TEST_HASH_COST } from '../support/server.js';

const REDIS_URL = process.env.LARKCAL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Pair { urls: string[]; clock: TestClock; close(): Promise<void> }

/**
 * Two servers, each with its own store (its own connections, as two processes have): on one
 * PostgreSQL database, or — SQLite being one process's database — each on a file of its own,
 * where only Redis joins them.
 */
async function twoServers(dialect: Dialect, counters?: () => RateCounters): Promise<Pair> {
  const databases: TestDatabase[] = dialect === 'postgres' ? [await freshDatabase(dialect)] : [await freshDatabase(dialect), await freshDatabase(dialect)];
  const clock = new TestClock();
  const frozen = Date.now();
  clock.now = () => frozen + clock.offset;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  for (let i = 0; i < 2; i++) {
    const database = databases[i % databases.length]!;
    const store = await openStore(database.url, clock);
    if (i === 0 || databases.length > 1) await loadFixture(store, testFixture(), clock, { hashCost: TEST_HASH_COST });
    stores.push(store);
    const app = await buildServer({ store, clock, rateLimit: true, logLevel: 'silent', ...(counters && { rateCounters: counters() }) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
  }
  const urls = apps.map((a) => `http://127.0.0.1:${(a.server.address() as { port: number }).port}`);
  return {
    urls, clock,
    async close() {
      for (const app of apps) await app.close();
      for (const store of stores) await store.close();
      for (const database of databases) await database.drop();
    },
  };
}

async function burstAcross(pair: Pair, calls: number): Promise<number[]> {
  const tokens = await Promise.all(pair.urls.map((url) => tenantToken(url, APPS.full.app_id, APPS.full.app_secret)));
  // A fresh second, and a fresh minute: the tokens' own calls were counted in another window.
  pair.clock.advance(60_000 - (pair.clock.now() % 60_000) + 60_000);
  const answers = await Promise.all(Array.from({ length: calls }, (_, i) => raw(`${pair.urls[i % 2]}/open-apis/calendar/v4/calendars/primary`, { method: 'POST', token: tokens[i % 2], body: '{}' })));
  return answers.map((a) => a.status);
}

const backends: Array<{ name: string; dialect: Dialect; counters?: (prefix: string) => RedisRateCounters }> = [
  ...(DIALECTS.includes('postgres') ? [{ name: 'PostgreSQL counters', dialect: 'postgres' as const }] : []),
  ...DIALECTS.map((dialect) => ({ name: `Redis counters on ${dialect}`, dialect, counters: (prefix: string) => new RedisRateCounters(REDIS_URL, prefix) })),
];

for (const backend of backends) {
  describe(`rate limits across two servers: ${backend.name}`, () => {
    let pair: Pair;
    const redis: RedisRateCounters[] = [];
    before(async () => {
      const prefix = `larkcal:test:${randomBytes(6).toString('hex')}:`;
      pair = await twoServers(backend.dialect, backend.counters && (() => {
        const counters = backend.counters!(prefix);
        redis.push(counters);
        return counters;
      }));
      for (const r of redis) await r.connect();
    });
    after(async () => {
      await pair.close();
      for (const r of redis) await r.close();
    });

    test('60 calls in one second spread over both servers: exactly 50 pass, 10 answer 429 99991400', async () => {
      const statuses = await burstAcross(pair, 60);
      assert.equal(statuses.filter((s) => s === 200).length, 50);
      assert.equal(statuses.filter((s) => s === 429).length, 10);
    });

    test('the next second both servers take calls again', async () => {
      pair.clock.advance(1000);
      const token = await tenantToken(pair.urls[1]!, APPS.full.app_id, APPS.full.app_secret);
      const answer = await raw(`${pair.urls[1]}/open-apis/calendar/v4/calendars/primary`, { method: 'POST', token, body: '{}' });
      assert.equal(answer.status, 200);
    });
  });
}
