/** Calendar ACLs: who shares a calendar, with which role (calendars.md §4). */
import { DomainError, invalid } from '../errors.js';
import { decodeCursor, encodeCursor, type PageRequest } from '../paging.js';
import type { Clock, Needs, UnitOfWork } from '../ports.js';
import { identityKey, type Identity, type User } from '../tenancy/model.js';
import { authorize } from './access.js';
import { DEFAULT_CALENDAR_COLOR, type Acl, type GrantableRole } from './model.js';
import { aclIdFor } from './provision.js';

export class AclService {
  constructor(
    private readonly store: UnitOfWork<'calendars' | 'acls' | 'changes'>,
    private readonly clock: Clock,
  ) {}

  /**
   * One ACL per user per calendar: creating it again replaces the role and keeps
   * the acl_id (calendars.md §4.1, the recommended reading). The member finds the
   * calendar in their list.
   */
  async create(identity: Identity, calendarId: string, role: GrantableRole, member: User): Promise<Acl> {
    if (member.tenantKey !== identity.tenantKey) throw new DomainError('not_found:user');
    const memberKey = identityKey({ kind: 'user', tenantKey: member.tenantKey, appId: identity.appId, userRef: member.ref, scopes: [] });
    return this.store.transaction(async (repos) => {
      const { calendar } = await authorize(repos, identity, calendarId, 'manage_acl');
      const existing = await repos.acls.findFor(calendarId, memberKey);
      if (existing && calendar.type === 'primary' && calendar.owner === memberKey && role !== 'owner') {
        throw invalid('role', "the owner's role on a primary calendar cannot change", role);
      }
      if (existing?.role === 'owner' && role !== 'owner') await keepAnOwner(repos, existing, 'role', role);
      const acl: Acl = { calendarId, aclId: existing?.aclId ?? aclIdFor(member.number), identity: memberKey, role };
      const at = this.clock.now();
      const grant = { aclId: acl.aclId, grantee: memberKey, role };
      const seq = await repos.changes.append({
        tenantKey: identity.tenantKey, calendarId, actor: identityKey(identity), affected: [memberKey], at,
        data: existing ? { kind: 'acl.roleChanged', ...grant, previousRole: existing.role } : { kind: 'acl.created', ...grant },
      });
      await repos.acls.put(acl);
      const membership = await repos.calendars.getMembership(calendarId, memberKey);
      if (!membership) {
        await repos.calendars.putMembership({ calendarId, identity: memberKey, subscribed: true, color: DEFAULT_CALENDAR_COLOR, summaryAlias: '', version: seq });
      }
      return acl;
    }, { tenantKey: identity.tenantKey });
  }

  async delete(identity: Identity, calendarId: string, aclId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const { calendar } = await authorize(repos, identity, calendarId, 'manage_acl');
      const acl = await repos.acls.get(calendarId, aclId);
      if (!acl) throw new DomainError('not_found:acl');
      if (calendar.type === 'primary' && calendar.owner === acl.identity) {
        throw invalid('acl_id', "the owner's ACL on a primary calendar cannot be removed", aclId);
      }
      if (acl.role === 'owner') await keepAnOwner(repos, acl, 'acl_id', aclId);
      const seq = await repos.changes.append({
        tenantKey: identity.tenantKey, calendarId, actor: identityKey(identity), affected: [acl.identity], at: this.clock.now(),
        data: { kind: 'acl.deleted', aclId, grantee: acl.identity, role: acl.role },
      });
      await repos.acls.delete(calendarId, aclId);
      // A member left with no role at all loses the calendar from their list.
      const membership = await repos.calendars.getMembership(calendarId, acl.identity);
      const remaining = calendar.tenantKey === identity.tenantKey && calendar.permissions !== 'private';
      if (membership?.subscribed && !remaining) await repos.calendars.putMembership({ ...membership, subscribed: false, version: seq });
    }, { tenantKey: identity.tenantKey });
  }

  async list(identity: Identity, calendarId: string, page: PageRequest): Promise<{
    acls: Acl[]; hasMore: boolean; pageToken?: string;
  }> {
    await authorize(this.store, identity, calendarId, 'manage_acl');
    const now = this.clock.now();
    const { size, prefix } = page;
    const offset = page.token ? decodeCursor(prefix, page.token, now).offset : 0;
    const rows = await this.store.acls.list(calendarId, offset, size + 1);
    const hasMore = rows.length > size;
    return { acls: rows.slice(0, size), hasMore, ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }) };
  }
}


/** How many ACLs one read looks at while searching for another owner. */
const OWNER_SEARCH_PAGE = 200;

/**
 * A calendar keeps at least one owner: without one, no one could ever patch,
 * delete or share it again (issue #16). Refused like the primary calendar's
 * own rule, naming the field the caller sent.
 */
async function keepAnOwner(repos: Needs<'acls'>, losing: Acl, field: 'role' | 'acl_id', value: string): Promise<void> {
  for (let offset = 0; ; offset += OWNER_SEARCH_PAGE) {
    const page = await repos.acls.list(losing.calendarId, offset, OWNER_SEARCH_PAGE);
    if (page.some((acl) => acl.role === 'owner' && acl.aclId !== losing.aclId)) return;
    if (page.length < OWNER_SEARCH_PAGE) break;
  }
  throw invalid(field, 'a calendar must keep at least one owner: the last owner cannot be removed or given a lower role', value);
}
