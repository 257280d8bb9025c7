import { storedAdminToken } from '../core/sandbox/admin-token.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';

/** `larkcal admin-token`: the admin token a first `serve` generated and kept in the database. */
export async function adminTokenCommand(db: DatabaseUrl): Promise<void> {
  const store = await openExisting(db);
  try {
    const token = await storedAdminToken(store.settings);
    if (!token) throw new Error('no admin token in this database yet: larkcal serve generates one (unless given --admin-token)');
    console.log(token);
  } finally {
    await store.close();
  }
}
