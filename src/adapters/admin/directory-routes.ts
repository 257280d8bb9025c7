/**
 * `GET /_larkcal/tenants/:tenant_key`: a tenant's directory as the developer
 * console shows it (issue #13 §3) — its apps with their scopes, its users and
 * rooms. Only what `larkcal seed` prints: no secret hash, no password, no
 * internal user ref.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/ports.js';
import { AdminError } from './errors.js';

export function directoryRoutes(store: Pick<Store, 'tenancy'>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { tenant_key: string } }>('/tenants/:tenant_key', async (request) => {
      const { tenancy } = store;
      const tenant = await tenancy.getTenant(request.params.tenant_key);
      if (!tenant) throw new AdminError(404, 'not_found', `no tenant ${request.params.tenant_key}`);
      const [apps, users, rooms] = await Promise.all([
        tenancy.listApps(tenant.tenantKey), tenancy.listUsers(tenant.tenantKey), tenancy.listRooms(tenant.tenantKey),
      ]);
      return {
        tenant_key: tenant.tenantKey, name: tenant.name, domain: tenant.domain,
        apps: apps.map((a) => ({ app_id: a.appId, name: a.name, kind: a.kind, bot: a.bot, scopes: a.scopes, redirect_uris: a.redirectUris })),
        users: users.map((u) => ({ user_id: u.userId, union_id: u.unionId, name: u.name, email: u.email, timezone: u.timezone })),
        rooms: rooms.map((r) => ({
          room_id: r.roomId, name: r.name, capacity: r.capacity, building: r.building, floor: r.floor, city: r.city, calendar_id: r.calendarId,
        })),
      };
    });
  };
}
