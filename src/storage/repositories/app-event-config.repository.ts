import type { Kysely, Selectable } from 'kysely';
import type { AppEventConfig, CalendarEventType, DeliveryMode, UrlCheck } from '../../core/delivery/model.js';
import type { AppEventConfigRepository } from '../../core/delivery/ports.js';
import type { AppEventConfigRow, Database } from '../tables.js';

export class KyselyAppEventConfigRepository implements AppEventConfigRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(appId: string): Promise<AppEventConfig | undefined> {
    const row = await this.db.selectFrom('app_event_configs').selectAll().where('app_id', '=', appId).executeTakeFirst();
    return row && rowToConfig(row);
  }

  async list(): Promise<AppEventConfig[]> {
    const rows = await this.db.selectFrom('app_event_configs').selectAll().orderBy('app_id').execute();
    return rows.map(rowToConfig);
  }

  async put(config: AppEventConfig): Promise<void> {
    const row = configToRow(config);
    await this.db.insertInto('app_event_configs').values(row)
      .onConflict((oc) => oc.column('app_id').doUpdateSet({
        delivery: row.delivery, request_url: row.request_url, encrypt_key: row.encrypt_key,
        verification_token: row.verification_token, types: row.types, url_check: row.url_check,
      }))
      .execute();
  }

  async listPendingUrlChecks(limit: number): Promise<AppEventConfig[]> {
    const rows = await this.db.selectFrom('app_event_configs').selectAll().where('url_check', '=', 'pending').orderBy('app_id').limit(limit).execute();
    return rows.map(rowToConfig);
  }

  async recordUrlCheck(appId: string, requestUrl: string, answered: boolean): Promise<void> {
    await this.db.updateTable('app_event_configs').set({ url_check: answered ? 'answered' : 'unanswered' })
      .where('app_id', '=', appId).where('request_url', '=', requestUrl).where('url_check', '=', 'pending')
      .execute();
  }
}

function configToRow(c: AppEventConfig): AppEventConfigRow {
  return {
    app_id: c.appId, delivery: c.delivery, request_url: c.requestUrl, encrypt_key: c.encryptKey,
    verification_token: c.verificationToken, types: JSON.stringify(c.types), url_check: c.urlCheck,
  };
}

function rowToConfig(r: Selectable<AppEventConfigRow>): AppEventConfig {
  return {
    appId: r.app_id,
    delivery: r.delivery as DeliveryMode,
    requestUrl: r.request_url,
    encryptKey: r.encrypt_key,
    verificationToken: r.verification_token,
    types: JSON.parse(r.types) as CalendarEventType[],
    urlCheck: r.url_check as UrlCheck,
  };
}
