/**
 * A user's CalDAV device credentials through the admin API (issue #13 §3, the
 * console's CalDAV panel): `GET /users/:user_id/caldav-credentials` lists them
 * (device names, creation times; never a password or its digest) and
 * `DELETE /users/:user_id/caldav-credentials/:device_name` revokes one, at once
 * for this server's CalDAV (the one credential service).
 *
 * user_id is unique only within a tenant (platform.md §6), so `tenant_key` is
 * a required query parameter.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../../core/ports.js';
import type { CaldavCredentialService } from '../../core/tenancy/caldav-credentials.js';
import { caldavUserName } from '../../core/tenancy/caldav-credentials.js';
import type { User } from '../../core/tenancy/model.js';
import { AdminError } from './errors.js';

type UserParams = { Params: { user_id: string } };

export function caldavRoutes(store: Pick<Store, 'tenancy'>, credentials: CaldavCredentialService) {
  const userOf = async (request: FastifyRequest<UserParams>): Promise<User> => {
    const query = request.query as Record<string, unknown>;
    const unknown = Object.keys(query).find((k) => k !== 'tenant_key');
    if (unknown !== undefined) throw new AdminError(400, 'invalid', `unknown parameter ${unknown} (known: tenant_key)`);
    const tenantKey = query.tenant_key;
    if (typeof tenantKey !== 'string' || tenantKey === '') throw new AdminError(400, 'invalid', 'tenant_key is required: a user_id is unique only within its tenant');
    const user = await store.tenancy.findUserByUserId(tenantKey, request.params.user_id);
    if (!user) throw new AdminError(404, 'not_found', `no user ${request.params.user_id} in tenant ${tenantKey}`);
    return user;
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get<UserParams>('/users/:user_id/caldav-credentials', async (request) => {
      const user = await userOf(request);
      const items = await credentials.list(user.ref);
      return {
        user_id: user.userId, tenant_key: user.tenantKey, user_name: caldavUserName(user.ref),
        items: items.map((c) => ({ credential_id: c.credentialId, device_name: c.deviceName, app_id: c.appId, created_at: new Date(c.createdAt).toISOString() })),
      };
    });

    app.delete<{ Params: { user_id: string; device_name: string } }>('/users/:user_id/caldav-credentials/:device_name', async (request) => {
      const user = await userOf(request);
      const device = request.params.device_name;
      // A device name only: a cdc_ id would also match in the service, but the route names devices.
      const found = (await credentials.list(user.ref)).find((c) => c.deviceName === device);
      if (!found || !(await credentials.revoke(user.ref, found.credentialId))) {
        throw new AdminError(404, 'not_found', `${user.userId} has no CalDAV credential for device "${device}"`);
      }
      return { user_id: user.userId, device_name: device, revoked: true };
    });
  };
}
