/**
 * Who may open a long connection: checked once, at the endpoint, since the
 * socket itself carries no credentials (platform.md §9.1).
 */
import { DomainError } from '../../core/errors.js';
import type { StoredApp } from '../../core/ports.js';

export type LongConnectionVerdict = 'ok' | 'bad_secret' | 'not_long_connection';

export interface LongConnectionAuth {
  /** `bad_secret` for an unknown app too: the endpoint answers both alike. */
  check(appId: string, secret: string): Promise<LongConnectionVerdict>;
}

/**
 * The usual composition: the app's own credentials (TokenService.verifyApp,
 * which throws for an unknown app or a wrong secret), then whether its event
 * configuration asks for the long connection.
 */
export function appSecretAuth(
  tokens: { verifyApp(appId: unknown, appSecret: unknown): Promise<StoredApp> },
  usesLongConnection: (app: StoredApp) => boolean | Promise<boolean>,
): LongConnectionAuth {
  return {
    async check(appId, secret) {
      let app: StoredApp;
      try {
        app = await tokens.verifyApp(appId, secret);
      } catch (error) {
        // Only a credential refusal is the client's doing; a store failure stays an error.
        if (error instanceof DomainError && error.key === 'unauthenticated:app_credentials') return 'bad_secret';
        throw error;
      }
      return (await usesLongConnection(app)) ? 'ok' : 'not_long_connection';
    },
  };
}
