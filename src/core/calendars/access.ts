/**
 * The one access check for calendars: every calendar use case asks `decide`
 * before it touches anything. Token kind and scopes were checked at the gateway;
 * this weighs tenant, calendar type, deletion and the caller's role.
 */
import { DomainError } from '../errors.js';
import { CALENDAR_ID_PATTERN } from '../ids.js';
import type { Needs } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import type { Acl, Calendar, CalendarMembership, Role } from './model.js';
import { higherRole, roleAtLeast, roleFromPermissions } from './roles.js';

export type CalendarOperation =
  | 'read' // get, mget, ACL change-event subscription
  | 'update_global' // summary, description, permissions
  | 'update_personal' // the caller's own colour and alias
  | 'delete'
  | 'manage_acl'; // ACL create, delete, list

/** Effective role = the higher of the ACL role and what `permissions` grant the tenant (calendars.md §2.4). */
export function effectiveRole(identity: Identity, calendar: Calendar, acl: Acl | undefined): Role {
  const fromAcl: Role = acl?.role ?? 'unknown';
  if (identity.tenantKey !== calendar.tenantKey) return fromAcl;
  return higherRole(fromAcl, roleFromPermissions(calendar.permissions));
}

export interface AccessFacts {
  calendar: Calendar;
  role: Role;
  membership: CalendarMembership | undefined;
}

/** Pure decision: throws the Feishu-shaped refusal, or returns when the operation may go ahead. */
export function decide(op: CalendarOperation, facts: AccessFacts): void {
  const { calendar, role, membership } = facts;
  if (calendar.deleted) throw new DomainError('gone:calendar');
  if (role === 'unknown') throw new DomainError('forbidden:calendar');
  switch (op) {
    case 'read':
      return;
    case 'update_global':
      if (calendar.isThirdParty) throw new DomainError('unsupported:calendar_type');
      if (role !== 'owner') throw new DomainError('forbidden:calendar');
      return;
    case 'update_personal':
      // Owners may always; anyone else must have the calendar in their list (191009).
      if (role !== 'owner' && !membership?.subscribed) throw new DomainError('forbidden:non_subscriber');
      return;
    case 'delete':
      if (calendar.type !== 'shared') throw new DomainError('unsupported:calendar_type');
      if (role !== 'owner') throw new DomainError('forbidden:calendar');
      return;
    case 'manage_acl':
      if (calendar.type !== 'shared' && calendar.type !== 'primary') throw new DomainError('unsupported:calendar_type');
      if (!roleAtLeast(role, 'owner')) throw new DomainError('forbidden:calendar');
      return;
  }
}

/** Loads what `decide` weighs: 191001 for a malformed id, 191000 for an unknown one. */
export async function loadAccessFacts(repos: Needs<'calendars'>, identity: Identity, calendarId: string): Promise<AccessFacts> {
  if (!CALENDAR_ID_PATTERN.test(calendarId)) throw new DomainError('invalid:calendar_id');
  const found = await repos.calendars.getWithRelation(calendarId, identityKey(identity));
  if (!found) throw new DomainError('not_found:calendar');
  return { calendar: found.calendar, role: effectiveRole(identity, found.calendar, found.acl), membership: found.membership };
}

/** Load and decide in one call: how every calendar use case begins. */
export async function authorize(repos: Needs<'calendars'>, identity: Identity, calendarId: string, op: CalendarOperation): Promise<AccessFacts> {
  const facts = await loadAccessFacts(repos, identity, calendarId);
  decide(op, facts);
  return facts;
}
