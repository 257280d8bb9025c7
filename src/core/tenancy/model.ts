/** The directory a tenant holds: people, group chats, meeting rooms and apps. */

export interface Tenant {
  tenantKey: string;
  name: string;
  domain: string;
}

export interface User {
  /** Internal key; never shown to clients. */
  ref: string;
  tenantKey: string;
  /** Tenant-scoped id (`user_id`, a.k.a. employee id). */
  userId: string;
  unionId: string;
  /** Internal number behind ids such as `user_6843287928157667331`. */
  number: string;
  name: string;
  email: string;
  timezone: string;
}

export interface App {
  appId: string;
  tenantKey: string;
  name: string;
  bot: boolean;
  scopes: string[];
  redirectUris: string[];
  /** `internal` (自建) or `store` (商店) app; decides which token flow applies. */
  kind: 'internal' | 'store';
  number: string;
}

export interface Chat {
  chatId: string;
  tenantKey: string;
  name: string;
  memberRefs: string[];
}

export interface Room {
  roomId: string;
  tenantKey: string;
  name: string;
  capacity: number;
  building: string;
  floor: string;
  calendarId: string;
  /** Free text, e.g. `Beijing`; '' when not given. Filters room finding. */
  city: string;
  /** Level names from the top of the tenant's level tree (building → floor …); [] = the tenant level. */
  roomLevel: string[];
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * When a user works: per weekday one `[start, end]` of wall-clock `HH:MM` in `timezone`
 * (end may be `24:00`); a day that is absent is not worked.
 */
export interface WorkingHours {
  timezone: string;
  days: Partial<Record<Weekday, [string, string]>>;
}

/** Monday to Friday, 09:00–18:00, in the user's own time zone. */
export function defaultWorkingHours(timezone: string): WorkingHours {
  const day: [string, string] = ['09:00', '18:00'];
  return { timezone, days: { mon: [...day], tue: [...day], wed: [...day], thu: [...day], fri: [...day] } };
}

/** Who a request acts for: a user (through an app), or an app itself (its bot). */
export type Identity =
  | { kind: 'user'; tenantKey: string; appId: string; userRef: string; scopes: readonly string[] }
  | { kind: 'app'; tenantKey: string; appId: string };

/** The key under which per-identity data (colour, alias, subscriptions, ACLs) is stored. */
export type IdentityKey = `user:${string}` | `app:${string}`;

export function identityKey(identity: Identity): IdentityKey {
  return identity.kind === 'user' ? `user:${identity.userRef}` : `app:${identity.appId}`;
}

export type UserIdType = 'open_id' | 'union_id' | 'user_id';
export const USER_ID_TYPES: readonly UserIdType[] = ['open_id', 'union_id', 'user_id'];
