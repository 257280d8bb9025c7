/**
 * Frozen. Tokens at rest (issue #16): tenant and app tokens were kept in
 * clear beside their digest, for handing the same one back while 30 minutes
 * remain. From here they are kept sealed (AES-256-GCM under a key derived from
 * the app's credential, which larkcal does not store), and nothing in clear.
 *
 * Existing rows cannot be sealed here (no key is at hand), so their clear
 * values are dropped with the column: each token stays valid by its digest
 * until it expires, and the app's next request gets a fresh one, as it would
 * once fewer than 30 minutes remained. Written against Kysely<any> and
 * importing nothing from the app.
 */
import { sql, type Kysely } from 'kysely';

export function sealedTokens(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('tokens').addColumn('sealed', 'text').execute();
      // SQLite would leave the old text in freed pages; secure_delete overwrites them with zeros.
      // (PostgreSQL keeps dead row versions until VACUUM: the README says so.)
      if (dialect === 'sqlite') await sql`pragma secure_delete = on`.execute(db);
      await db.updateTable('tokens').set({ value: null }).execute();
      await db.schema.alterTable('tokens').dropColumn('value').execute();
      if (dialect === 'sqlite') await sql`pragma secure_delete = off`.execute(db);
    },
  };
}
