/**
 * Frozen. Exchange bindings (issue #11): the tenant's super administrators,
 * the Exchange directory the fixture gives (admin accounts, mailboxes and
 * where each is read from), and the bindings with their sync state. An
 * Exchange account is bound to one user at a time (unique per tenant).
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function exchange(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createTable('super_admins')
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('super_admins_pk', ['tenant_key', 'user_ref'])
        .execute();
      await db.schema.createTable('exchange_admin_accounts')
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exchange_admin_accounts_pk', ['tenant_key', 'account'])
        .execute();
      await db.schema.createTable('exchange_accounts')
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('exchange_accounts_pk', ['tenant_key', 'account'])
        .execute();
      await db.schema.createTable('exchange_bindings')
        .addColumn('binding_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('admin_account', 'text', (c) => c.notNull())
        .addColumn('exchange_account', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text')
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
        .addUniqueConstraint('exchange_bindings_account', ['tenant_key', 'exchange_account'])
        .execute();
      await db.schema.createIndex('exchange_bindings_due').on('exchange_bindings').columns(['due_at']).execute();
      await db.schema.createIndex('exchange_bindings_user').on('exchange_bindings').columns(['user_ref']).execute();
    },
  };
}
