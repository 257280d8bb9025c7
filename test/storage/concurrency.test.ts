/**
 * Contract: concurrent transactions. Change-log numbers become visible in
 * order (a reader holding sync token N must never miss an N that commits
 * after N+1), and a read-modify-write inside a transaction loses no update.
 * SQLite gets this from its single connection; PostgreSQL from an advisory
 * lock every transaction takes first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/storage/tables.js';
import { calendar, change, forEachDialect, openRaw, sleep } from './support/stores.js';

forEachDialect('storage contract: concurrent transactions', (ctx) => {
  /** A second connection, outside the store: it sees only what has committed. */
  let raw: Kysely<Database>;
  before(() => {
    raw = openRaw(ctx().database.url);
  });
  after(() => raw.destroy());
  const committed = async (since: number) =>
    (await raw.selectFrom('changes').select('seq').where('seq', '>', since).orderBy('seq').execute()).map((r) => Number(r.seq));
  const visibleHead = async () => Number((await sql<{ seq: number | null }>`select max(seq) as seq from changes`.execute(raw)).rows[0]?.seq ?? 0);

  test('while N is uncommitted, N+1 is not handed out, let alone visible', async () => {
    const { store } = ctx();
    const before = await store.changes.head();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first = 0;
    const appended = new Promise<void>((resolve) => {
      void store.transaction(async (repos) => {
        first = await repos.changes.append(change());
        resolve();
        await gate;
      });
    });
    await appended;
    let second: number | undefined;
    const secondDone = store.transaction((repos) => repos.changes.append(change())).then((n) => (second = n));
    const direct = store.changes.append(change());
    await sleep(150);
    assert.equal(second, undefined, 'the second writer waits for the first to commit');
    assert.equal(await visibleHead(), before, 'nothing of the open transaction is visible');
    release();
    await secondDone;
    const third = await direct;
    assert.ok(first < second! && first < third, `${first} < ${second}, ${third}`);
    assert.deepEqual(await committed(before), [first, second!, third].sort((a, b) => a - b));
  });

  test('a reader polling during 40 racing writers only ever sees a gapless prefix', async () => {
    const { store } = ctx();
    const base = await store.changes.head();
    let running = true;
    const observations: number[][] = [];
    const reader = (async () => {
      while (running) {
        observations.push(await committed(base));
        await sleep(1);
      }
    })();
    const writers = Array.from({ length: 40 }, (_, i) =>
      store.transaction(async (repos) => {
        await sleep(i % 3);
        const seq = await repos.changes.append(change({ calendarId: String(i) }));
        await sleep((i * 7) % 5);
        await repos.calendars.insert(calendar('t', { version: seq }));
        return seq;
      }),
    );
    const seqs = await Promise.all(writers);
    running = false;
    await reader;
    observations.push(await committed(base));
    for (const seen of observations) {
      assert.deepEqual(seen, seen.map((_, i) => base + 1 + i), `gap in ${seen.join(',')}`);
    }
    assert.equal(new Set(seqs).size, 40);
    assert.equal(await store.changes.head(), base + 40);
  });

  test('two read-modify-write transactions on one calendar: neither update is lost', async () => {
    const { store } = ctx();
    const cal = calendar('t', { summary: 'old', description: 'old' });
    await store.calendars.insert(cal);
    const patch = (fields: { summary?: string; description?: string }) =>
      store.transaction(async (repos) => {
        const current = (await repos.calendars.get(cal.calendarId))!;
        await sleep(30);
        const seq = await repos.changes.append(change({ calendarId: cal.calendarId }));
        await repos.calendars.update({ ...current, ...fields, version: seq });
      });
    await Promise.all([patch({ summary: 'new title' }), patch({ description: 'new text' })]);
    const final = await store.calendars.get(cal.calendarId);
    assert.deepEqual([final?.summary, final?.description], ['new title', 'new text']);
  });
});
