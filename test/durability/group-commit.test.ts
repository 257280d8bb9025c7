/**
 * kill -9 during large group-committed batches (issue #14 §1): every write
 * that was acknowledged is there after a restart, and no write of a member
 * that failed inside its savepoint is, whichever batch it shared.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/storage/store.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';

const WRITER = fileURLToPath(new URL('./group-commit-writer.ts', import.meta.url));
/** Answers heard before the kill: several full batches of 64. */
const KILL_AFTER = 640;

describe('durability: kill -9 during group-committed batches (sqlite)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await freshDatabase('sqlite');
  });
  after(() => database.drop());

  test('acknowledged writes survive; writes of failed members never appear', async () => {
    const file = database.url.dialect === 'sqlite' ? database.url.file : '';
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ok: string[] = [];
    const failed: string[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const [verdict, key] = line.split(' ');
        (verdict === 'ok' ? ok : failed).push(key!);
        if (ok.length + failed.length === KILL_AFTER) child.kill('SIGKILL');
      }
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, s) => resolve(s)));
    assert.equal(signal, 'SIGKILL');
    assert.ok(ok.length > 400 && failed.length > 100, `${ok.length} acknowledged, ${failed.length} failed`);

    const store = await openStore(database.url);
    try {
      const missing = [];
      for (const key of ok) if ((await store.settings.get(key)) === undefined) missing.push(key);
      assert.deepEqual(missing, [], `${missing.length} of ${ok.length} acknowledged writes are gone`);
      const present = [];
      for (const key of failed) if ((await store.settings.get(key)) !== undefined) present.push(key);
      assert.deepEqual(present, [], 'writes of failed savepoints were committed');
    } finally {
      await store.close();
    }
  });
});
