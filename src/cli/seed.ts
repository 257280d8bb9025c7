import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { systemClock } from '../core/ports.js';
import { parseFixture } from '../core/tenancy/fixture.js';
import { loadFixture } from '../core/tenancy/seed.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';
import { tenantLines } from './tenant-lines.js';

/**
 * `larkcal seed FILE`: load a fixture into a database that holds tenants already
 * (`--create` for a new one); tenants already present are skipped. Prints every
 * id of what it loaded, generated ones included, and generated app secrets.
 */
export async function seedCommand(db: DatabaseUrl, file: string, options: { create: boolean }): Promise<void> {
  const fixture = parseFixture(await readFile(file, 'utf8'), { baseDir: dirname(resolve(file)) });
  const hint = `larkcal seed adds to an existing database; for a new one add --create, or run larkcal serve --seed ${file}`;
  const store = await openExisting(db, { create: options.create, hint });
  try {
    const result = await loadFixture(store, fixture, systemClock);
    for (const t of result.loaded) {
      console.log(`loaded tenant ${t.tenantKey} (${t.name}): ${t.users.length} users, ${t.apps.length} apps`);
      const secrets = new Map(t.apps.filter((a) => a.generatedSecret).map((a) => [a.appId, a.appSecret]));
      for (const line of await tenantLines(store, t.tenantKey, { secrets })) console.log(line);
    }
    for (const key of result.skipped) console.log(`skipped tenant ${key}: already present`);
  } finally {
    await store.close();
  }
}
