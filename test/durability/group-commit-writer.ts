/**
 * Child process of group-commit.test.ts: writes settings rows in waves of
 * concurrent transactions, a quarter of which fail after writing, and prints
 * one line per answer (`ok KEY` or `failed KEY`) as soon as it has it. The
 * parent kills it with SIGKILL mid-stream.
 */
import { openStore } from '../../src/storage/store.js';

const WAVE = 64;
const file = process.argv[2]!;
const store = await openStore({ dialect: 'sqlite', file });
for (let wave = 0; ; wave++) {
  await Promise.all(Array.from({ length: WAVE }, async (_, i) => {
    const key = `w${wave}-${i}`;
    try {
      await store.transaction(async (repos) => {
        await repos.settings.putIfAbsent(key, 'x');
        if (i % 4 === 3) throw new Error('refused');
      });
      process.stdout.write(`ok ${key}\n`);
    } catch {
      process.stdout.write(`failed ${key}\n`);
    }
  }));
}
