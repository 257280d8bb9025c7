/**
 * SQLite group commit (issue #14 §1): waiting transactions share one commit,
 * each in its own savepoint. What a caller may rely on: a member that fails
 * rolls back alone; nothing of a batch is visible, or acknowledged, before its
 * commit; and the commits really are shared.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../src/core/ports.js';
import { commitStatsOf, openStore } from '../../src/storage/store.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

describe('storage: SQLite group commit', () => {
  let database: TestDatabase;
  let store: Store;
  const stats = () => commitStatsOf(store)!;
  before(async () => {
    database = await freshDatabase('sqlite');
    store = await openStore(database.url);
  });
  after(async () => {
    await store.close();
    await database.drop();
  });

  test('concurrent transactions share commits; a failing member rolls back alone and gets its error', async () => {
    const before = stats();
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => store.transaction(async (repos) => {
      await repos.settings.putIfAbsent(`gc-${i}`, `v${i}`);
      if (i % 3 === 2) throw new Error(`member ${i} fails`);
      return i;
    })));
    outcomes.forEach((outcome, i) => {
      if (i % 3 === 2) assert.deepEqual(outcome, { status: 'rejected', reason: new Error(`member ${i} fails`) });
      else assert.deepEqual(outcome, { status: 'fulfilled', value: i });
    });
    for (let i = 0; i < 60; i++) {
      assert.equal(await store.settings.get(`gc-${i}`), i % 3 === 2 ? undefined : `v${i}`, `key gc-${i}`);
    }
    const after = stats();
    const batches = after.batches - before.batches;
    assert.equal(after.members - before.members, 40, 'the 40 that succeeded were committed');
    assert.ok(batches < 40, `40 members took ${batches} commits: none was shared`);
  });

  test('a read outside a transaction never sees a batch in progress, and nobody hears "done" before its commit', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inBatch = new Promise<void>((resolve) => (written = resolve));
    let firstDone = false;
    const first = store.transaction(async (repos) => {
      await repos.settings.putIfAbsent('gc-open', 'first');
      written();
      await gate;
    }).then(() => (firstDone = true));
    await inBatch;
    assert.equal(await store.settings.get('gc-open'), undefined, 'the open transaction is invisible to readers');
    // A second member joins behind the first; its own write is released but not yet durable.
    let secondDone = false;
    const second = store.transaction((repos) => repos.settings.putIfAbsent('gc-joined', 'second')).then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(secondDone, false, 'the second waits for its turn');
    release();
    await Promise.all([first, second]);
    assert.ok(firstDone && secondDone);
    assert.equal(await store.settings.get('gc-open'), 'first');
    assert.equal(await store.settings.get('gc-joined'), 'second');
  });

  test('a lone write on an idle store commits at once, in a batch of its own', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = stats();
    await store.settings.putIfAbsent('gc-lone', 'alone');
    const after = stats();
    assert.equal(after.batches - before.batches, 1);
    assert.equal(after.members - before.members, 1);
    assert.equal(await store.settings.get('gc-lone'), 'alone');
  });
});
