/**
 * Frozen. settings: small named values kept across restarts (the generated
 * admin token of the sandbox). Written against Kysely<any>.
 */
import type { Kysely } from 'kysely';

export function settings(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
