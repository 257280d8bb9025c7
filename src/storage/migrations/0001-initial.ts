/**
 * Frozen: never edit a migration that has shipped; add a new one.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function initial(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('tenants')
        .addColumn('tenant_key', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('ref', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('union_id', 'text', (c) => c.notNull().unique())
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addUniqueConstraint('users_tenant_user_id', ['tenant_key', 'user_id'])
        .execute();
      await db.schema.createIndex('users_tenant_email').on('users').columns(['tenant_key', 'email']).execute();

      await db.schema
        .createTable('apps')
        .addColumn('app_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull().references('tenants.tenant_key'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('bot', 'integer', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('number', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_open_ids')
        .addColumn('open_id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addUniqueConstraint('user_open_ids_app_user', ['app_id', 'user_ref'])
        .execute();

      await db.schema
        .createTable('chats')
        .addColumn('chat_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('chat_members')
        .addColumn('chat_id', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chat_members_pk', ['chat_id', 'user_ref'])
        .execute();

      await db.schema
        .createTable('rooms')
        .addColumn('room_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('building', 'text', (c) => c.notNull())
        .addColumn('floor', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('user_ref', 'text')
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('value', 'text')
        .addColumn('used_at', 'bigint')
        .addColumn('extra', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tokens_app_kind').on('tokens').columns(['app_id', 'tenant_key', 'kind', 'expires_at']).execute();

      await db.schema
        .createTable('calendars')
        .addColumn('calendar_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('permissions', 'text', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('is_third_party', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calendars_owner_type').on('calendars').columns(['owner', 'type']).execute();
      await db.schema.createIndex('calendars_tenant_type').on('calendars').columns(['tenant_key', 'type']).execute();

      // One identity's relation to one calendar. `version` is the change-log
      // sequence of the last change to this row: incremental list reads it.
      await db.schema
        .createTable('calendar_members')
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('subscribed', 'integer', (c) => c.notNull())
        .addColumn('color', 'integer', (c) => c.notNull())
        .addColumn('summary_alias', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('subscribed_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('calendar_members_pk', ['identity', 'calendar_id'])
        .execute();
      await db.schema.createIndex('calendar_members_identity_version').on('calendar_members').columns(['identity', 'version']).execute();
      await db.schema.createIndex('calendar_members_calendar').on('calendar_members').columns(['calendar_id']).execute();

      await db.schema
        .createTable('acls')
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('acl_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('acls_pk', ['calendar_id', 'acl_id'])
        .addUniqueConstraint('acls_calendar_identity', ['calendar_id', 'identity'])
        .execute();
      await db.schema.createIndex('acls_identity').on('acls').columns(['identity']).execute();

      // The change log: one row per write that later readers (sync tokens,
      // CalDAV sync, webhook delivery) must observe, appended in the writer's transaction.
      const changes = db.schema.createTable('changes');
      await (dialect === 'postgres'
        ? changes.addColumn('seq', 'bigserial', (c) => c.primaryKey())
        : changes.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      )
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('change_type', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text')
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('changes_calendar_seq').on('changes').columns(['calendar_id', 'seq']).execute();

      await db.schema
        .createTable('event_subscriptions')
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('calendar_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_subscriptions_pk', ['app_id', 'identity', 'kind', 'calendar_id'])
        .execute();
    },
  };
}
