/**
 * Change events survive a crash and are shared among processes (issue #9 §3):
 * - kill -9 after the writes committed and before anything was delivered
 *   (the receiver is down): after a restart every event arrives;
 * - two larkcal processes on one PostgreSQL: every event arrives once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw } from '../support/http.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { larkcal, serve, writeFixture, type Serving } from '../cli/larkcal-process.js';

const WRITES = 30;

function fixtureDeliveringTo(url: string): Fixture {
  const fixture = testFixture();
  const full = fixture.tenants[0]!.apps!.find((a) => a.app_id === APPS.full.app_id)!;
  full.events = { delivery: 'webhook', request_url: url, types: ['calendar.calendar.changed_v4'] };
  return fixture;
}

async function userToken(db: string, userId: string): Promise<string> {
  const { code, stdout, stderr } = await larkcal(['token', '--app', APPS.full.app_id, '--user', userId, '--db', db]);
  assert.equal(code, 0, stderr);
  return stdout.trim().split('\n').at(-1)!;
}

async function call(base: string, path: string, token: string, body: unknown = {}): Promise<void> {
  const r = await raw(`${base}/open-apis/calendar/v4${path}`, { method: 'POST', token, body: JSON.stringify(body) });
  assert.equal(r.json?.code, 0, r.text);
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const stop = async (server: Serving) => {
  server.child.kill('SIGTERM');
  await server.exited;
};

for (const dialect of DIALECTS) {
  describe(`durability: change events (${dialect})`, () => {
    // Each test seeds its own database: a second seed of one database would keep the first's request URL.
    let database: TestDatabase;
    let dir: string;
    let receiver: Receiver | undefined;
    beforeEach(async () => {
      database = await freshDatabase(dialect);
    });
    afterEach(() => database.drop());
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'larkcal-delivery-'));
    });
    after(async () => {
      await receiver?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a receiver down during the changes gets them all once it is up', async () => {
      const probe = await startReceiver();
      const port = Number(new URL(probe.url).port);
      await probe.close();
      const args = ['--db', database.text, '--seed', writeFixture(dir, 'down.json', fixtureDeliveringTo(`http://127.0.0.1:${port}/lark/events`)), '--rate-limit', 'off', '--delivery-retries', '500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms,500ms'];
      const server = await serve(args);
      let up: Receiver | undefined;
      try {
        const token = await userToken(database.text, 'alice');
        await call(server.url, '/calendars/subscription', token);
        for (let i = 0; i < 10; i++) await call(server.url, '/calendars', token, { summary: `while down ${i}` });
        await new Promise((resolve) => setTimeout(resolve, 700));
        up = await startReceiver({ port });
        await until(() => up!.of('calendar.calendar.changed_v4').length >= 10, '10 events');
      } finally {
        await stop(server);
        await up?.close();
      }
    });

    test('kill -9 between commit and delivery: every event arrives after the restart', async () => {
      // A port with nobody listening: every attempt before the crash fails.
      const probe = await startReceiver();
      const port = Number(new URL(probe.url).port);
      await probe.close();
      const args = ['--db', database.text, '--seed', writeFixture(dir, 'kill.json', fixtureDeliveringTo(`http://127.0.0.1:${port}/lark/events`)), '--rate-limit', 'off', '--delivery-retries', '1s,1s,1s,1s,1s,1s,1s,1s,1s,1s'];
      const first = await serve(args);
      const token = await userToken(database.text, 'alice');
      await call(first.url, '/calendars/subscription', token);
      for (let i = 0; i < WRITES; i++) await call(first.url, '/calendars', token, { summary: `before the crash ${i}` });
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      receiver = await startReceiver({ port });
      const second = await serve(args);
      try {
        await until(() => receiver!.of('calendar.calendar.changed_v4').length >= WRITES, `${WRITES} events`);
      } finally {
        await stop(second);
      }
      const ids = receiver.of('calendar.calendar.changed_v4').map((e) => e.data.event_id as string);
      assert.equal(new Set(ids).size, WRITES, 'one event per calendar created, none lost');
    });
  });
}

describe('two larkcal processes on one PostgreSQL', { skip: !DIALECTS.includes('postgres') && 'needs LARKCAL_TEST_PG_URL' }, () => {
  let database: TestDatabase;
  let dir: string;
  let receiver: Receiver;
  before(async () => {
    database = await freshDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'larkcal-delivery-pair-'));
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every event is delivered, and each is attempted by one process only', async () => {
    const args = ['--db', database.text, '--seed', writeFixture(dir, 'pair.json', fixtureDeliveringTo(receiver.url)), '--rate-limit', 'off'];
    const a = await serve(args);
    const b = await serve(args);
    try {
      const token = await userToken(database.text, 'alice');
      await call(a.url, '/calendars/subscription', token);
      await Promise.all(Array.from({ length: WRITES }, (_, i) => call(i % 2 ? a.url : b.url, '/calendars', token, { summary: `pair ${i}` })));
      await until(() => receiver.of('calendar.calendar.changed_v4').length >= WRITES, `${WRITES} events`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await Promise.all([stop(a), stop(b)]);
    }
    const ids = receiver.of('calendar.calendar.changed_v4').map((e) => e.data.event_id as string);
    assert.equal(ids.length, WRITES, 'no event twice');
    assert.equal(new Set(ids).size, WRITES);
  });
});
