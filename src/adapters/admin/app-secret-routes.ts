/**
 * `POST /_larkcal/apps/:app_id/secret`: a new app secret, answered this once
 * (only its digest is kept); the old one stops getting tokens at once.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/ports.js';
import { rotateAppSecret } from '../../core/tenancy/app-secret.js';
import type { ScryptCost } from '../../core/tenancy/secrets.js';
import { AdminError } from './errors.js';

export function appSecretRoutes(store: Store, hashCost?: ScryptCost) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { app_id: string } }>('/apps/:app_id/secret', async (request, reply) => {
      const rotated = await rotateAppSecret(store, request.params.app_id, hashCost);
      if (!rotated) throw new AdminError(404, 'not_found', `no app ${request.params.app_id}`);
      // Shown once: no cache may keep it.
      void reply.header('cache-control', 'no-store');
      return { app_id: rotated.appId, app_secret: rotated.appSecret };
    });
  };
}
