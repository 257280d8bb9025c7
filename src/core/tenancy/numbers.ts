import type { Needs } from '../ports.js';
import type { Identity } from './model.js';

/** The internal number behind an identity's ids (e.g. its acl id `user_<number>`). */
export async function numberOf(repos: Needs<'tenancy'>, identity: Identity): Promise<string> {
  if (identity.kind === 'user') return (await repos.tenancy.getUser(identity.userRef))?.number ?? '0';
  return (await repos.tenancy.getApp(identity.appId))?.number ?? '0';
}
