/**
 * Looking people up by the id types Feishu clients use (platform.md §6), and
 * writing ids back in the type a request asked for. `open_id` is per app.
 */
import { botOpenId, openIdFor, sha256 } from '../ids.js';
import type { Needs } from '../ports.js';
import type { App, IdentityKey, User, UserIdType } from './model.js';

/** A user or an app's bot as a response names it: its id in the type asked for, and its name. */
export interface Person {
  id: string;
  name: string;
}

/** Whose eyes ids are rendered for: the calling app within its tenant. */
export interface Viewer {
  tenantKey: string;
  appId: string;
}

export function userIdOf(user: User, type: UserIdType, viewer: Viewer): string {
  switch (type) {
    case 'open_id':
      return openIdFor(viewer.appId, user.ref);
    case 'union_id':
      return user.unionId;
    case 'user_id':
      return user.userId;
  }
}

/** A bot has an open_id and union_id; asked for a user_id, Feishu gives its open_id/union_id instead. */
export function botIdOf(appId: string, type: UserIdType): string {
  return type === 'union_id' ? `on_${sha256(`bot-union:${appId}`).slice(0, 32)}` : botOpenId(appId);
}

export class Directory {
  constructor(private readonly store: Needs<'tenancy'>) {}

  /** The user of the viewer's tenant that `id` names, or undefined. */
  async resolveUser(viewer: Viewer, id: string, type: UserIdType): Promise<User | undefined> {
    const tenancy = this.store.tenancy;
    const user =
      type === 'open_id' ? await tenancy.findUserByOpenId(viewer.appId, id)
      : type === 'union_id' ? await tenancy.findUserByUnionId(id)
      : await tenancy.findUserByUserId(viewer.tenantKey, id);
    return user?.tenantKey === viewer.tenantKey ? user : undefined;
  }

  /** The user behind a user token (authen user_info). */
  userByRef(ref: string): Promise<User | undefined> {
    return this.store.tenancy.getUser(ref);
  }

  /** The tenant's users with these addresses, compared without case (contact batch_get_id). */
  usersByEmail(tenantKey: string, emails: readonly string[]): Promise<User[]> {
    return this.store.tenancy.findUsersByEmails(tenantKey, emails);
  }

  /**
   * Names and ids of identities (users and bots), as the viewer asks for them.
   * `callerApp`, the app the call authenticated as, names its own bot without a
   * read: most events a tenant token reads are its bot's (issue #14 §3).
   */
  async describe(keys: readonly IdentityKey[], type: UserIdType, viewer: Viewer, callerApp?: Pick<App, 'appId' | 'name'>): Promise<Map<IdentityKey, Person>> {
    const out = new Map<IdentityKey, Person>();
    for (const key of new Set(keys)) {
      if (key.startsWith('app:')) {
        const appId = key.slice(4);
        const app = callerApp?.appId === appId ? callerApp : await this.store.tenancy.getApp(appId);
        out.set(key, { id: botIdOf(appId, type), name: app?.name ?? '' });
      } else {
        const user = await this.store.tenancy.getUser(key.slice(5));
        out.set(key, { id: user ? userIdOf(user, type, viewer) : '', name: user?.name ?? '' });
      }
    }
    return out;
  }

  /** Renders identity keys (users and bots) as ids of the requested type. */
  async renderIdentities(keys: readonly IdentityKey[], type: UserIdType, viewer: Viewer): Promise<Map<IdentityKey, string>> {
    const out = new Map<IdentityKey, string>();
    for (const key of new Set(keys)) {
      if (key.startsWith('app:')) {
        out.set(key, botIdOf(key.slice(4), type));
        continue;
      }
      const user = await this.store.tenancy.getUser(key.slice(5));
      out.set(key, user ? userIdOf(user, type, viewer) : '');
    }
    return out;
  }
}
