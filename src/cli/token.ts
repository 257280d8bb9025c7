import { systemClock } from '../core/ports.js';
import { ALL_DEMO_SCOPES } from '../core/tenancy/scopes.js';
import { TokenService } from '../core/tenancy/tokens.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openStore } from '../storage/store.js';

/** `larkcal token`: a user_access_token for scripts and tests, on the last line of output. */
export async function printUserToken(db: DatabaseUrl, appId: string, userId: string): Promise<void> {
  const store = await openStore(db);
  try {
    const app = await store.tenancy.getApp(appId);
    if (!app) throw new Error(`no app ${appId} in this database`);
    const user = await store.tenancy.findUserByUserId(app.tenantKey, userId);
    if (!user) throw new Error(`no user ${userId} in tenant ${app.tenantKey}`);
    // The user grants whatever the app holds, as if they had consented to every scope.
    const scopes = app.scopes.filter((s) => ALL_DEMO_SCOPES.includes(s) || s.includes(':'));
    const { accessToken } = await new TokenService(store, systemClock).issueUserToken(app, user.ref, scopes);
    console.log(`user_access_token for ${userId} via ${appId}, valid ${accessToken.expire} s:`);
    console.log(accessToken.value);
  } finally {
    await store.close();
  }
}
