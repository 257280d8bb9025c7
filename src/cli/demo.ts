import { demoPassword, demoRecord } from '../core/tenancy/demo.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';
import { tenantLines } from './tenant-lines.js';

/**
 * `larkcal demo`: the demo tenant's credentials again — its app with a working
 * secret, users with passwords and emails, chats and rooms (issue #12 §8.1).
 */
export async function demoCommand(db: DatabaseUrl): Promise<void> {
  const store = await openExisting(db);
  try {
    const record = await demoRecord(store);
    if (!record) throw new Error('this database has no demo tenant (it was seeded from a fixture, or made before larkcal kept the demo\'s secret: delete the database file for a new demo)');
    const tenant = await store.tenancy.getTenant(record.tenantKey);
    console.log(`demo tenant ${record.tenantKey} (${tenant?.name ?? 'Larkcal Demo'}):`);
    const lines = await tenantLines(store, record.tenantKey, { passwordOf: demoPassword, secrets: new Map([[record.appId, record.appSecret]]) });
    for (const line of lines) console.log(line);
  } finally {
    await store.close();
  }
}

/** The one line `serve` prints on a database whose demo tenant an earlier start created. */
export function demoPointer(record: { tenantKey: string; appId: string }, dbFlag: string): string {
  return `demo tenant ${record.tenantKey}, app ${record.appId}: larkcal demo${dbFlag} prints its secret, users, passwords, rooms and chats`;
}
