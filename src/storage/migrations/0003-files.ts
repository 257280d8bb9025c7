/**
 * Frozen: files uploaded through Drive's upload_all for calendar attachments.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function files(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Metadata and bytes in one row: at most 20 MB each, read back only by token.
      await db.schema
        .createTable('files')
        .addColumn('file_token', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('uploader', 'text', (c) => c.notNull())
        .addColumn('parent_type', 'text', (c) => c.notNull())
        .addColumn('parent_node', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .execute();
    },
  };
}
