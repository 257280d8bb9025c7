import type { Kysely } from 'kysely';
import type { CaldavCredentialRepository, StoredCaldavCredential } from '../../core/tenancy/caldav-credentials-ports.js';
import type { CaldavCredentialRow, Database } from '../tables.js';

const credentialFromRow = (r: CaldavCredentialRow): StoredCaldavCredential => ({
  credentialId: r.credential_id, tenantKey: r.tenant_key, userRef: r.user_ref, appId: r.app_id, userName: r.user_name,
  deviceName: r.device_name, passwordHash: r.password_hash, createdAt: Number(r.created_at),
});

export class KyselyCaldavCredentialRepository implements CaldavCredentialRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(c: StoredCaldavCredential): Promise<void> {
    await this.db.insertInto('caldav_credentials').values({
      credential_id: c.credentialId, tenant_key: c.tenantKey, user_ref: c.userRef, app_id: c.appId, user_name: c.userName,
      device_name: c.deviceName, password_hash: c.passwordHash, created_at: c.createdAt,
    }).execute();
  }

  async get(credentialId: string): Promise<StoredCaldavCredential | undefined> {
    const r = await this.db.selectFrom('caldav_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
    return r && credentialFromRow(r);
  }

  async findByUserName(userName: string): Promise<StoredCaldavCredential[]> {
    const rows = await this.db.selectFrom('caldav_credentials').selectAll().where('user_name', '=', userName).orderBy('created_at').orderBy('credential_id').execute();
    return rows.map(credentialFromRow);
  }

  async listByUser(userRef: string): Promise<StoredCaldavCredential[]> {
    const rows = await this.db.selectFrom('caldav_credentials').selectAll().where('user_ref', '=', userRef).orderBy('created_at').orderBy('credential_id').execute();
    return rows.map(credentialFromRow);
  }

  async delete(userRef: string, credentialId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('caldav_credentials').where('user_ref', '=', userRef).where('credential_id', '=', credentialId).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
