/**
 * `POST /_larkcal/apps/:app_id/secret`: a new app secret, answered this once
 * (only its digest is kept); the old one stops getting tokens at once. Not for
 * the web calendar's own apps: the web adapter derives their secret from its
 * server key and refreshes every web session with it, so a new one would end
 * them all at their next refresh.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/ports.js';
import { rotateAppSecret } from '../../core/tenancy/app-secret.js';
import type { ScryptCost } from '../../core/tenancy/secrets.js';
import { isWebCalendarApp } from '../web/web-apps.js';
import { AdminError } from './errors.js';

export function appSecretRoutes(store: Store, hashCost?: ScryptCost) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { app_id: string } }>('/apps/:app_id/secret', async (request, reply) => {
      const { app_id: appId } = request.params;
      const found = await store.tenancy.getApp(appId);
      if (found && isWebCalendarApp(found)) {
        throw new AdminError(403, 'forbidden', `app ${appId} is the web calendar's own: its secret derives from the server's key and every web calendar session refreshes with it, so it cannot be rotated`);
      }
      const rotated = found && (await rotateAppSecret(store, appId, hashCost));
      if (!rotated) throw new AdminError(404, 'not_found', `no app ${appId}`);
      // Shown once: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return { app_id: rotated.appId, app_secret: rotated.appSecret };
    });
  };
}
