/** Creating calendars that come with a directory entry: primary and meeting-room calendars. */
import { randomIds, type IdSource } from '../ids.js';
import type { Needs } from '../ports.js';
import type { IdentityKey, Tenant } from '../tenancy/model.js';
import { DEFAULT_CALENDAR_COLOR, type Calendar } from './model.js';

/** Calendar ids end in `@group.calendar.<host>`; Feishu's host keeps ids familiar to clients. */
export const CALENDAR_HOST = 'feishu.cn';

export function aclIdFor(number: string): string {
  return `user_${number}`;
}

/** Every user and every app with a bot owns one primary calendar, named after its owner. */
export async function createPrimaryCalendar(repos: Needs<'calendars' | 'acls' | 'changes'>, tenant: Tenant, owner: IdentityKey, ownerNumber: string, summary: string, at: number, ids: IdSource = randomIds): Promise<Calendar> {
  const calendarId = ids.calendarId(tenant.domain, CALENDAR_HOST);
  const seq = await repos.changes.append({
    tenantKey: tenant.tenantKey, calendarId, actor: null, affected: [owner], at,
    data: { kind: 'calendar.created', calendarType: 'primary', roomId: null },
  });
  const calendar: Calendar = {
    calendarId, tenantKey: tenant.tenantKey, type: 'primary', summary, description: '',
    permissions: 'show_only_free_busy', owner, isThirdParty: false, deleted: false, version: seq,
  };
  await repos.calendars.insert(calendar);
  await repos.calendars.putMembership({ calendarId, identity: owner, subscribed: true, color: DEFAULT_CALENDAR_COLOR, summaryAlias: '', version: seq });
  await repos.acls.put({ calendarId, aclId: aclIdFor(ownerNumber), identity: owner, role: 'owner' });
  return calendar;
}

/** A meeting room's calendar (type `resource`): busy/free visible to the tenant, owned by no one. */
export async function createRoomCalendar(repos: Needs<'calendars' | 'changes'>, tenant: Tenant, roomId: string, name: string, at: number, ids: IdSource = randomIds): Promise<Calendar> {
  const calendarId = ids.roomCalendarId(tenant.domain, CALENDAR_HOST);
  const seq = await repos.changes.append({
    tenantKey: tenant.tenantKey, calendarId, actor: null, affected: [], at,
    data: { kind: 'calendar.created', calendarType: 'resource', roomId },
  });
  const calendar: Calendar = {
    calendarId, tenantKey: tenant.tenantKey, type: 'resource', summary: name, description: '',
    permissions: 'show_only_free_busy', owner: `room:${roomId}`, isThirdParty: false, deleted: false, version: seq,
  };
  await repos.calendars.insert(calendar);
  return calendar;
}
