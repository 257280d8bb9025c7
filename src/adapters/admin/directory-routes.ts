/**
 * `GET /_larkcal/tenants`: the tenants by key, a bounded page at a time
 * (`?limit&after`, `next` names the page after). `GET /_larkcal/tenants/:tenant_key`: a tenant's directory as the developer
 * console shows it (issue #13 §3) — its apps with their scopes, its users and
 * rooms. Only what `larkcal seed` prints: no secret hash, no password, no
 * internal user ref.
 */
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../core/ports.js';
import { isWebCalendarApp } from '../web/web-apps.js';
import { AdminError } from './errors.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export function directoryRoutes(store: Pick<Store, 'tenancy'>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/tenants', async (request) => {
      const page = pageOf(request.query as Record<string, unknown>);
      // One more than asked tells whether a page follows.
      const tenants = await store.tenancy.listTenants({ ...page, limit: page.limit + 1 });
      const items = tenants.slice(0, page.limit);
      return {
        items: items.map((t) => ({ tenant_key: t.tenantKey, name: t.name, domain: t.domain })),
        next: tenants.length > page.limit ? items.at(-1)!.tenantKey : null,
      };
    });

    app.get<{ Params: { tenant_key: string } }>('/tenants/:tenant_key', async (request) => {
      const { tenancy } = store;
      const tenant = await tenancy.getTenant(request.params.tenant_key);
      if (!tenant) throw new AdminError(404, 'not_found', `no tenant ${request.params.tenant_key}`);
      const [apps, users, rooms] = await Promise.all([
        tenancy.listApps(tenant.tenantKey), tenancy.listUsers(tenant.tenantKey), tenancy.listRooms(tenant.tenantKey),
      ]);
      return {
        tenant_key: tenant.tenantKey, name: tenant.name, domain: tenant.domain,
        apps: apps.map((a) => ({ app_id: a.appId, name: a.name, kind: a.kind, bot: a.bot, scopes: a.scopes, redirect_uris: a.redirectUris, built_in: isWebCalendarApp(a) })),
        users: users.map((u) => ({ user_id: u.userId, union_id: u.unionId, name: u.name, email: u.email, timezone: u.timezone })),
        rooms: rooms.map((r) => ({
          room_id: r.roomId, name: r.name, capacity: r.capacity, building: r.building, floor: r.floor, city: r.city, calendar_id: r.calendarId,
        })),
      };
    });
  };
}

function pageOf(query: Record<string, unknown>): { limit: number; after?: string } {
  const unknown = Object.keys(query).find((k) => k !== 'limit' && k !== 'after');
  if (unknown !== undefined) throw new AdminError(400, 'invalid', `unknown parameter ${unknown} (known: limit, after)`);
  const page: { limit: number; after?: string } = { limit: DEFAULT_LIMIT };
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'string' || !/^[1-9]\d{0,2}$/.test(query.limit) || Number(query.limit) > MAX_LIMIT) {
      throw new AdminError(400, 'invalid', `limit must be an integer from 1 to ${MAX_LIMIT}`);
    }
    page.limit = Number(query.limit);
  }
  if (query.after !== undefined) {
    if (typeof query.after !== 'string' || query.after === '') throw new AdminError(400, 'invalid', 'after must be a tenant key (the next of the page before)');
    page.after = query.after;
  }
  return page;
}
