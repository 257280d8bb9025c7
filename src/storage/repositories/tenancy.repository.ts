import type { Kysely } from 'kysely';
import type { Clock, StoredApp, TenancyRepository } from '../../core/ports.js';
import { defaultWorkingHours, type App, type Chat, type Room, type Tenant, type User, type WorkingHours } from '../../core/tenancy/model.js';
import type { AppRow, Database, RoomRow, UserRow } from '../tables.js';
import { prepare } from './prepared-query.js';

const userFromRow = (r: UserRow): User => ({
  ref: r.ref, tenantKey: r.tenant_key, userId: r.user_id, unionId: r.union_id,
  number: r.number, name: r.name, email: r.email, timezone: r.timezone,
});

const appFromRow = (r: AppRow): StoredApp => ({
  appId: r.app_id, tenantKey: r.tenant_key, name: r.name, secretHash: r.secret_hash, bot: r.bot === 1,
  scopes: JSON.parse(r.scopes) as string[], redirectUris: JSON.parse(r.redirect_uris) as string[],
  kind: r.kind === 'store' ? 'store' : 'internal', number: r.number,
});

const roomFromRow = (r: RoomRow): Room => ({
  roomId: r.room_id, tenantKey: r.tenant_key, name: r.name, capacity: r.capacity,
  building: r.building, floor: r.floor, calendarId: r.calendar_id,
  city: r.city, roomLevel: JSON.parse(r.room_level) as string[],
});

/** The app of every token looked up (issue #14 §3). */
const appById = prepare((db, appId: string) => db.selectFrom('apps').selectAll().where('app_id', '=', appId));

export class KyselyTenancyRepository implements TenancyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async countTenants(): Promise<number> {
    const row = await this.db.selectFrom('tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async tenantExists(tenantKey: string): Promise<boolean> {
    return (await this.getTenant(tenantKey)) !== undefined;
  }

  async getTenant(tenantKey: string): Promise<Tenant | undefined> {
    const r = await this.db.selectFrom('tenants').selectAll().where('tenant_key', '=', tenantKey).executeTakeFirst();
    return r && { tenantKey: r.tenant_key, name: r.name, domain: r.domain };
  }

  async listTenants(page: { limit: number; after?: string }): Promise<Tenant[]> {
    let query = this.db.selectFrom('tenants').select(['tenant_key', 'name', 'domain']).orderBy('tenant_key').limit(page.limit);
    if (page.after !== undefined) query = query.where('tenant_key', '>', page.after);
    const rows = await query.execute();
    return rows.map((r) => ({ tenantKey: r.tenant_key, name: r.name, domain: r.domain }));
  }

  async insertTenant(t: Tenant): Promise<void> {
    await this.db.insertInto('tenants').values({ tenant_key: t.tenantKey, name: t.name, domain: t.domain, created_at: this.clock.now() }).execute();
  }

  async insertUser(u: User, passwordHash: string | null): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        ref: u.ref, tenant_key: u.tenantKey, user_id: u.userId, union_id: u.unionId, number: u.number,
        name: u.name, email: u.email, timezone: u.timezone, password_hash: passwordHash, working_hours: null,
      })
      .execute();
  }

  async insertOpenId(appId: string, userRef: string, openId: string): Promise<void> {
    await this.db.insertInto('user_open_ids').values({ open_id: openId, app_id: appId, user_ref: userRef }).execute();
  }

  async insertApp(a: StoredApp): Promise<void> {
    await this.db
      .insertInto('apps')
      .values({
        app_id: a.appId, tenant_key: a.tenantKey, name: a.name, secret_hash: a.secretHash, bot: a.bot ? 1 : 0,
        scopes: JSON.stringify(a.scopes), redirect_uris: JSON.stringify(a.redirectUris), kind: a.kind, number: a.number,
      })
      .execute();
  }

  async insertChat(c: Chat): Promise<void> {
    await this.db.insertInto('chats').values({ chat_id: c.chatId, tenant_key: c.tenantKey, name: c.name }).execute();
    if (c.memberRefs.length > 0) {
      await this.db.insertInto('chat_members').values(c.memberRefs.map((ref) => ({ chat_id: c.chatId, user_ref: ref }))).execute();
    }
  }

  async insertRoom(r: Omit<Room, 'city' | 'roomLevel'> & Partial<Pick<Room, 'city' | 'roomLevel'>>): Promise<void> {
    await this.db
      .insertInto('rooms')
      .values({
        room_id: r.roomId, tenant_key: r.tenantKey, name: r.name, capacity: r.capacity,
        building: r.building, floor: r.floor, calendar_id: r.calendarId,
        city: r.city ?? '', room_level: JSON.stringify(r.roomLevel ?? []),
      })
      .execute();
  }

  async getApp(appId: string): Promise<StoredApp | undefined> {
    const r = await appById.first(this.db, appId);
    return r && appFromRow(r);
  }

  async updateAppSecret(appId: string, secretHash: string): Promise<boolean> {
    const result = await this.db.updateTable('apps').set({ secret_hash: secretHash }).where('app_id', '=', appId).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async listApps(tenantKey: string): Promise<App[]> {
    const rows = await this.db.selectFrom('apps').selectAll().where('tenant_key', '=', tenantKey).orderBy('app_id').execute();
    return rows.map(appFromRow);
  }

  async getUser(ref: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('ref', '=', ref).executeTakeFirst();
    return r && userFromRow(r);
  }

  async getUserPasswordHash(ref: string): Promise<string | null> {
    const r = await this.db.selectFrom('users').select('password_hash').where('ref', '=', ref).executeTakeFirst();
    return r?.password_hash ?? null;
  }

  async findUserByUserId(tenantKey: string, userId: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('tenant_key', '=', tenantKey).where('user_id', '=', userId).executeTakeFirst();
    return r && userFromRow(r);
  }

  async findUsersByUserIdInAnyTenant(userId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('user_id', '=', userId).orderBy('tenant_key').execute();
    return rows.map(userFromRow);
  }

  async findUserByUnionId(unionId: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('union_id', '=', unionId).executeTakeFirst();
    return r && userFromRow(r);
  }

  async findUserByOpenId(appId: string, openId: string): Promise<User | undefined> {
    const r = await this.db
      .selectFrom('user_open_ids')
      .innerJoin('users', 'users.ref', 'user_open_ids.user_ref')
      .selectAll('users')
      .where('user_open_ids.app_id', '=', appId)
      .where('user_open_ids.open_id', '=', openId)
      .executeTakeFirst();
    return r && userFromRow(r);
  }

  async findUsersByEmails(tenantKey: string, emails: readonly string[]): Promise<User[]> {
    if (emails.length === 0) return [];
    // Email addresses compare case-insensitively (the fixture refuses two that differ in case only).
    const lowered = [...new Set(emails.map((e) => e.toLowerCase()))];
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('tenant_key', '=', tenantKey)
      .where((eb) => eb(eb.fn('lower', ['email']), 'in', lowered))
      .execute();
    return rows.map(userFromRow);
  }

  async listUsers(tenantKey: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('tenant_key', '=', tenantKey).orderBy('user_id').execute();
    return rows.map(userFromRow);
  }

  async getChat(chatId: string): Promise<Chat | undefined> {
    const r = await this.db.selectFrom('chats').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
    if (!r) return undefined;
    const members = await this.db.selectFrom('chat_members').select('user_ref').where('chat_id', '=', chatId).orderBy('user_ref').execute();
    return { chatId: r.chat_id, tenantKey: r.tenant_key, name: r.name, memberRefs: members.map((m) => m.user_ref) };
  }

  async listChats(tenantKey: string): Promise<Chat[]> {
    const rows = await this.db.selectFrom('chats').select('chat_id').where('tenant_key', '=', tenantKey).orderBy('chat_id').execute();
    const chats = await Promise.all(rows.map((r) => this.getChat(r.chat_id)));
    return chats.filter((c): c is Chat => c !== undefined);
  }

  async getRoom(roomId: string): Promise<Room | undefined> {
    const r = await this.db.selectFrom('rooms').selectAll().where('room_id', '=', roomId).executeTakeFirst();
    return r && roomFromRow(r);
  }

  async listRooms(tenantKey: string): Promise<Room[]> {
    const rows = await this.db.selectFrom('rooms').selectAll().where('tenant_key', '=', tenantKey).orderBy('room_id').execute();
    return rows.map(roomFromRow);
  }

  async putWorkingHours(userRef: string, hours: WorkingHours): Promise<void> {
    await this.db.updateTable('users').set({ working_hours: JSON.stringify(hours) }).where('ref', '=', userRef).execute();
  }

  async workingHoursOf(userRef: string): Promise<WorkingHours | undefined> {
    const r = await this.db.selectFrom('users').select(['timezone', 'working_hours']).where('ref', '=', userRef).executeTakeFirst();
    if (!r) return undefined;
    return r.working_hours === null ? defaultWorkingHours(r.timezone) : (JSON.parse(r.working_hours) as WorkingHours);
  }
}
