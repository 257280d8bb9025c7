/**
 * Frozen. changes_tenant_seq: a tenant's highest change number in one index
 * probe. Sync tokens hold it (issue #14 §4): tenants take turns apart on
 * PostgreSQL, so the highest number of all may pass one of a tenant still
 * about to commit. Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function changesByTenant() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('changes_tenant_seq').on('changes').columns(['tenant_key', 'seq']).execute();
    },
  };
}
