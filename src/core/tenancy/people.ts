/** Names and ids of identities (users and app bots), as a viewer asks for them. */
import type { Needs } from '../ports.js';
import { botIdOf, userIdOf, type Viewer } from './directory.js';
import type { IdentityKey, UserIdType } from './model.js';

export interface Person {
  id: string;
  name: string;
}

export async function describeIdentities(store: Needs<'tenancy'>, keys: readonly IdentityKey[], type: UserIdType, viewer: Viewer): Promise<Map<IdentityKey, Person>> {
  const out = new Map<IdentityKey, Person>();
  for (const key of new Set(keys)) {
    if (key.startsWith('app:')) {
      const app = await store.tenancy.getApp(key.slice(4));
      out.set(key, { id: botIdOf(key.slice(4), type), name: app?.name ?? '' });
    } else {
      const user = await store.tenancy.getUser(key.slice(5));
      out.set(key, { id: user ? userIdOf(user, type, viewer) : '', name: user?.name ?? '' });
    }
  }
  return out;
}
