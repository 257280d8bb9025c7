import type { Clock, Store } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import { ALL_DEMO_SCOPES } from '../core/tenancy/scopes.js';
import { TokenService } from '../core/tenancy/tokens.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';

export interface IssuedUserToken {
  value: string;
  /** Seconds it is valid. */
  expire: number;
}

/**
 * A user_access_token as if the user had signed in through the app and consented
 * to every scope it holds: for scripts and tests (`larkcal token`, `startLarkcal().userToken`).
 */
export async function issueUserToken(store: Store, clock: Clock, appId: string, userId: string): Promise<IssuedUserToken> {
  const app = await store.tenancy.getApp(appId);
  if (!app) throw new Error(`no app ${appId} in this database`);
  const user = await store.tenancy.findUserByUserId(app.tenantKey, userId);
  if (!user) throw new Error(`no user ${userId} in tenant ${app.tenantKey}`);
  const scopes = app.scopes.filter((s) => ALL_DEMO_SCOPES.includes(s) || s.includes(':'));
  const { accessToken } = await new TokenService(store, clock).issueUserToken(app, user.ref, scopes);
  return { value: accessToken.value, expire: accessToken.expire };
}

/** `larkcal token`: a user_access_token for scripts and tests, on the last line of output. */
export async function printUserToken(db: DatabaseUrl, appId: string, userId: string): Promise<void> {
  const store = await openExisting(db);
  try {
    const token = await issueUserToken(store, systemClock, appId, userId);
    console.log(`user_access_token for ${userId} via ${appId}, valid ${token.expire} s:`);
    console.log(token.value);
  } finally {
    await store.close();
  }
}
