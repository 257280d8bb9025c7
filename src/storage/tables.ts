/** Row types as the database holds them. Booleans are 0/1 in both dialects; times are epoch ms. */
import type { Generated } from 'kysely';

export interface TenantRow { tenant_key: string; name: string; domain: string; created_at: number }

export interface UserRow {
  ref: string; tenant_key: string; user_id: string; union_id: string; number: string;
  name: string; email: string; timezone: string; password_hash: string | null;
}

export interface AppRow {
  app_id: string; tenant_key: string; name: string; secret_hash: string; bot: number;
  scopes: string; redirect_uris: string; kind: string; number: string;
}

export interface UserOpenIdRow { open_id: string; app_id: string; user_ref: string }
export interface ChatRow { chat_id: string; tenant_key: string; name: string }
export interface ChatMemberRow { chat_id: string; user_ref: string }

export interface RoomRow {
  room_id: string; tenant_key: string; name: string; capacity: number;
  building: string; floor: string; calendar_id: string;
}

export interface TokenRow {
  hash: string; kind: string; app_id: string; tenant_key: string; user_ref: string | null;
  scopes: string; issued_at: number; expires_at: number; value: string | null;
  used_at: number | null; extra: string;
}

export interface CalendarRow {
  calendar_id: string; tenant_key: string; type: string; summary: string; description: string;
  permissions: string; owner: string; is_third_party: number; deleted: number; version: number;
}

export interface CalendarMemberRow {
  identity: string; calendar_id: string; subscribed: number; color: number;
  summary_alias: string; version: number; subscribed_seq: number;
}

export interface AclRow { calendar_id: string; acl_id: string; identity: string; role: string; created_at: number }

export interface ChangeRow {
  seq: Generated<number>; tenant_key: string; topic: string; change_type: string; calendar_id: string;
  identity: string | null; entity_id: string; payload: string; at: number;
}

export interface EventSubscriptionRow { app_id: string; identity: string; kind: string; calendar_id: string; created_at: number }

export interface Database {
  tenants: TenantRow;
  users: UserRow;
  apps: AppRow;
  user_open_ids: UserOpenIdRow;
  chats: ChatRow;
  chat_members: ChatMemberRow;
  rooms: RoomRow;
  tokens: TokenRow;
  calendars: CalendarRow;
  calendar_members: CalendarMemberRow;
  acls: AclRow;
  changes: ChangeRow;
  event_subscriptions: EventSubscriptionRow;
}
