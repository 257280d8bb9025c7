/**
 * Who the CLI's import acts as: the calendar's owner, as if they had called the
 * Open API themselves (a user through the tenant's first app, or the app that
 * owns a bot calendar), so the import passes the same access checks.
 */
import { DomainError } from '../errors.js';
import type { Needs } from '../ports.js';
import type { Identity } from '../tenancy/model.js';

export async function ownerIdentity(reads: Needs<'calendars' | 'tenancy'>, calendarId: string): Promise<Identity> {
  const calendar = await reads.calendars.get(calendarId);
  if (!calendar || calendar.deleted) throw new DomainError('not_found:calendar');
  const { owner, tenantKey } = calendar;
  if (owner.startsWith('app:')) return { kind: 'app', tenantKey, appId: owner.slice('app:'.length) };
  if (!owner.startsWith('user:')) throw new DomainError('unsupported:calendar_type');
  const [app] = await reads.tenancy.listApps(tenantKey);
  if (!app) throw new DomainError('not_found:bot');
  return { kind: 'user', tenantKey, appId: app.appId, userRef: owner.slice('user:'.length), scopes: [] };
}
