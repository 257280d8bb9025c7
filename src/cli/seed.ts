import { readFile } from 'node:fs/promises';
import { systemClock } from '../core/ports.js';
import { parseFixture } from '../core/tenancy/fixture.js';
import { loadFixture } from '../core/tenancy/seed.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openStore } from '../storage/store.js';

/** `larkcal seed FILE`: load a fixture; tenants already present are skipped. */
export async function seedCommand(db: DatabaseUrl, file: string): Promise<void> {
  const fixture = parseFixture(await readFile(file, 'utf8'));
  const store = await openStore(db);
  try {
    const result = await loadFixture(store, fixture, systemClock);
    for (const t of result.loaded) {
      console.log(`loaded tenant ${t.tenantKey} (${t.name}): ${t.users.length} users, ${t.apps.length} apps`);
      for (const a of t.apps) if (a.generatedSecret) console.log(`  app ${a.appId} (${a.name}) app_secret ${a.appSecret}`);
    }
    for (const key of result.skipped) console.log(`skipped tenant ${key}: already present`);
  } finally {
    await store.close();
  }
}
