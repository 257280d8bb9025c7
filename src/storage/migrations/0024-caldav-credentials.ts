/**
 * Frozen. caldav_credentials: one row per (user, device name), a device's
 * CalDAV password as a scrypt digest (issue #10 §1). Basic auth looks rows up
 * by `user_name`; the same device name again replaces its row. Written against
 * Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function caldavCredentials() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('caldav_credentials')
        .addColumn('credential_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('caldav_credentials_device').unique().on('caldav_credentials').columns(['user_ref', 'device_name']).execute();
      await db.schema.createIndex('caldav_credentials_user_name').on('caldav_credentials').columns(['user_name']).execute();
    },
  };
}
