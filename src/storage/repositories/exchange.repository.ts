import type { Kysely, Selectable } from 'kysely';
import type { BindingStatus, ExchangeBinding, MailboxSource } from '../../core/exchange/model.js';
import type { ExchangeRepository } from '../../core/exchange/ports.js';
import type { Database, ExchangeBindingRow } from '../tables.js';

const bindingFromRow = (r: Selectable<ExchangeBindingRow>): ExchangeBinding => ({
  bindingId: r.binding_id, tenantKey: r.tenant_key, adminAccount: r.admin_account, exchangeAccount: r.exchange_account,
  userRef: r.user_ref, status: r.status as BindingStatus, calendarId: r.calendar_id, dueAt: Number(r.due_at),
  createdAt: Number(r.created_at), error: r.error,
});

export class KyselyExchangeRepository implements ExchangeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async putAdminAccount(tenantKey: string, account: string): Promise<void> {
    await this.db.insertInto('exchange_admin_accounts').values({ tenant_key: tenantKey, account })
      .onConflict((oc) => oc.columns(['tenant_key', 'account']).doNothing()).execute();
  }

  async isAdminAccount(tenantKey: string, account: string): Promise<boolean> {
    const row = await this.db.selectFrom('exchange_admin_accounts').select('account')
      .where('tenant_key', '=', tenantKey).where('account', '=', account).executeTakeFirst();
    return row !== undefined;
  }

  async putAccount(tenantKey: string, account: string, source: MailboxSource): Promise<void> {
    const value = JSON.stringify(source);
    await this.db.insertInto('exchange_accounts').values({ tenant_key: tenantKey, account, source: value })
      .onConflict((oc) => oc.columns(['tenant_key', 'account']).doUpdateSet({ source: value })).execute();
  }

  async sourceOf(tenantKey: string, account: string): Promise<MailboxSource | undefined> {
    const row = await this.db.selectFrom('exchange_accounts').select('source')
      .where('tenant_key', '=', tenantKey).where('account', '=', account).executeTakeFirst();
    return row && (JSON.parse(row.source) as MailboxSource);
  }

  async putSuperAdmin(tenantKey: string, userRef: string): Promise<void> {
    await this.db.insertInto('super_admins').values({ tenant_key: tenantKey, user_ref: userRef })
      .onConflict((oc) => oc.columns(['tenant_key', 'user_ref']).doNothing()).execute();
  }

  async isSuperAdmin(tenantKey: string, userRef: string): Promise<boolean> {
    const row = await this.db.selectFrom('super_admins').select('user_ref')
      .where('tenant_key', '=', tenantKey).where('user_ref', '=', userRef).executeTakeFirst();
    return row !== undefined;
  }

  async getBinding(bindingId: string): Promise<ExchangeBinding | undefined> {
    const row = await this.db.selectFrom('exchange_bindings').selectAll().where('binding_id', '=', bindingId).executeTakeFirst();
    return row && bindingFromRow(row);
  }

  async bindingOfAccount(tenantKey: string, exchangeAccount: string): Promise<ExchangeBinding | undefined> {
    const row = await this.db.selectFrom('exchange_bindings').selectAll()
      .where('tenant_key', '=', tenantKey).where('exchange_account', '=', exchangeAccount).executeTakeFirst();
    return row && bindingFromRow(row);
  }

  async putBinding(b: ExchangeBinding): Promise<void> {
    const values = {
      binding_id: b.bindingId, tenant_key: b.tenantKey, admin_account: b.adminAccount, exchange_account: b.exchangeAccount,
      user_ref: b.userRef, status: b.status, calendar_id: b.calendarId, due_at: b.dueAt, created_at: b.createdAt, error: b.error,
    };
    const { binding_id: _id, ...changes } = values;
    await this.db.insertInto('exchange_bindings').values(values)
      .onConflict((oc) => oc.column('binding_id').doUpdateSet(changes)).execute();
  }

  async deleteBinding(bindingId: string): Promise<void> {
    await this.db.deleteFrom('exchange_bindings').where('binding_id', '=', bindingId).execute();
  }

  async nextDue(now: number): Promise<ExchangeBinding | undefined> {
    const row = await this.db.selectFrom('exchange_bindings').selectAll()
      .where('due_at', '<=', now).orderBy('due_at').orderBy('binding_id').limit(1).executeTakeFirst();
    return row && bindingFromRow(row);
  }

  async calendarsOfUser(userRef: string): Promise<string[]> {
    const rows = await this.db.selectFrom('exchange_bindings').select('calendar_id')
      .where('user_ref', '=', userRef).where('calendar_id', 'is not', null).orderBy('created_at').execute();
    return rows.map((r) => r.calendar_id!);
  }
}
