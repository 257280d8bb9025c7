/**
 * Frozen. Change-event delivery (platform.md §8–§10):
 * - app_event_configs: how each app receives events (webhook or long
 *   connection, URL, keys, types) and whether its URL answered the challenge.
 * - deliveries: the outbox, one row per (app, event), leased to one worker
 *   at a time (`claimed_by` until `claimed_until`).
 * - delivery_attempts: every try, with its outcome.
 * Written against Kysely<any> and importing nothing from the app.
 */
import type { Kysely } from 'kysely';

export function delivery(_dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('app_event_configs')
        .addColumn('app_id', 'text', (c) => c.primaryKey())
        .addColumn('delivery', 'text', (c) => c.notNull())
        .addColumn('request_url', 'text')
        .addColumn('encrypt_key', 'text')
        .addColumn('verification_token', 'text', (c) => c.notNull())
        .addColumn('types', 'text', (c) => c.notNull())
        .addColumn('url_check', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deliveries')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull())
        .addColumn('tenant_key', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('merge_key', 'text')
        .addColumn('change_type', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_until', 'bigint')
        .execute();
      await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('deliveries_merge').on('deliveries').columns(['merge_key', 'status']).execute();
      await db.schema.createIndex('deliveries_app').on('deliveries').columns(['app_id', 'created_at']).execute();
      await db.schema.createIndex('deliveries_created').on('deliveries').columns(['created_at', 'event_id']).execute();

      await db.schema
        .createTable('delivery_attempts')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('delivery_attempts_pk', ['event_id', 'attempt'])
        .execute();
    },
  };
}
