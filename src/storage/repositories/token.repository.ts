import type { Kysely } from 'kysely';
import type { StoredToken, TokenKind, TokenRepository } from '../../core/ports.js';
import type { Database, TokenRow } from '../tables.js';
import { prepare } from './prepared-query.js';

const tokenFromRow = (r: TokenRow): StoredToken => ({
  hash: r.hash, kind: r.kind as TokenKind, appId: r.app_id, tenantKey: r.tenant_key, userRef: r.user_ref,
  scopes: JSON.parse(r.scopes) as string[], issuedAt: r.issued_at, expiresAt: r.expires_at,
  sealed: r.sealed, usedAt: r.used_at, extra: JSON.parse(r.extra) as Record<string, string>,
});

/** Every API call's token lookup (issue #14 §3). */
const byHash = prepare((db, hash: string) => db.selectFrom('tokens').selectAll().where('hash', '=', hash));

export class KyselyTokenRepository implements TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(t: StoredToken): Promise<void> {
    await this.db
      .insertInto('tokens')
      .values({
        hash: t.hash, kind: t.kind, app_id: t.appId, tenant_key: t.tenantKey, user_ref: t.userRef,
        scopes: JSON.stringify(t.scopes), issued_at: t.issuedAt, expires_at: t.expiresAt,
        sealed: t.sealed, used_at: t.usedAt, extra: JSON.stringify(t.extra),
      })
      .execute();
  }

  async find(hash: string): Promise<StoredToken | undefined> {
    const r = await byHash.first(this.db, hash);
    return r && tokenFromRow(r);
  }

  async newest(appId: string, tenantKey: string, kind: TokenKind): Promise<StoredToken | undefined> {
    const r = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('app_id', '=', appId)
      .where('tenant_key', '=', tenantKey)
      .where('kind', '=', kind)
      .orderBy('expires_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && tokenFromRow(r);
  }

  async markUsed(hash: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('tokens').set({ used_at: at }).where('hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async expireBy(hash: string, at: number): Promise<void> {
    await this.db.updateTable('tokens').set({ expires_at: at }).where('hash', '=', hash).where('expires_at', '>', at).execute();
  }
}
