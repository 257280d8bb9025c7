/**
 * A create that answered code 0 is on disk: kill -9 the server in the middle of
 * a burst of creates, start it again on the same database, and find every one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { serve, writeFixture } from '../cli/larkcal-process.js';

const CREATES = 200;
const IN_FLIGHT = 20;
/** Kill once this many creates have answered, so the rest are cut off mid-flight. */
const KILL_AFTER = 60;

interface Burst { succeeded: string[]; failed: number }

/** Fires CREATES creates, IN_FLIGHT at a time, and calls `onAnswer` after each success. */
async function burst(url: string, token: string, onAnswer: (succeeded: number) => void): Promise<Burst> {
  const result: Burst = { succeeded: [], failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < CREATES) {
      const n = next++;
      try {
        const r = await raw(`${url}/open-apis/calendar/v4/calendars`, { method: 'POST', token, body: JSON.stringify({ summary: `burst ${n}` }) });
        if (r.json?.code !== 0) throw new Error(r.text);
        result.succeeded.push(r.json.data.calendar.calendar_id as string);
        onAnswer(result.succeeded.length);
      } catch {
        // Cut off by the kill: the client cannot know whether it landed, so it proves nothing.
        result.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return result;
}

for (const dialect of DIALECTS) {
  describe(`durability: kill -9 during creates (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;
    before(async () => {
      database = await freshDatabase(dialect);
      dir = mkdtempSync(join(tmpdir(), 'larkcal-kill9-'));
    });
    after(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('every create that answered code 0 is there after a restart', async () => {
      const args = ['--db', database.text, '--seed', writeFixture(dir, 'fixture.json', testFixture()), '--rate-limit', 'off'];
      const first = await serve(args);
      const token = await tenantToken(first.url, APPS.full.app_id, APPS.full.app_secret);
      const outcome = await burst(first.url, token, (succeeded) => {
        if (succeeded === KILL_AFTER) first.child.kill('SIGKILL');
      });
      const killed = await first.exited;
      assert.equal(killed.signal, 'SIGKILL', 'the server was killed, not stopped');
      assert.ok(outcome.succeeded.length >= KILL_AFTER, `only ${outcome.succeeded.length} creates answered`);
      assert.ok(outcome.failed > 0, 'the kill cut off no request: it came too late to test anything');

      const second = await serve(args);
      try {
        // The token was stored too: it must have survived the kill like the calendars.
        for (const id of outcome.succeeded) {
          const r = await raw(`${second.url}/open-apis/calendar/v4/calendars/${encodeURIComponent(id)}`, { token });
          assert.equal(r.json?.code, 0, `calendar ${id} answered code 0 before the kill but is gone: ${r.text}`);
        }
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    });
  });
}
