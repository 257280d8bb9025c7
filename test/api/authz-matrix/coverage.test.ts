/**
 * The matrix covers what the server serves: every gated `/open-apis/…` route
 * it registers has token rows (derived from its config.auth, tokens.test.ts),
 * cross-tenant rows, and role rows when its path names a calendar. A new
 * endpoint without rows fails here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gatedRoutes, routeKey } from '../../support/authz.js';
import { startServer, type TestServer } from '../../support/server.js';
import { CALENDAR_OPS, EVENT_OPS } from './role-rows.js';
import { OWN_TENANT_ONLY, TENANT_ROWS } from './tenant-rows.js';

/** Every route another tenant is tried on: with Acme's ids (TENANT_ROWS), or checked to return nothing of Acme's (OWN_TENANT_ONLY). */
const BY_TENANT = new Set([...TENANT_ROWS.map((r) => r.route), ...Object.keys(OWN_TENANT_ONLY)]);

describe('authz matrix: coverage of the registered routes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  test('every gated route has cross-tenant rows, and role rows when it names a calendar', () => {
    const byRole = new Set([...CALENDAR_OPS, ...EVENT_OPS].map((op) => op.route));
    const registered = gatedRoutes(server.app).map(routeKey);
    // Every route naming a calendar in its path has role rows.
    assert.deepEqual(registered.filter((key) => key.includes(':calendar_id') && !byRole.has(key)), []);
    // Every gated route is asked by another tenant, one way or the other.
    assert.deepEqual(registered.filter((key) => !BY_TENANT.has(key)), []);
    // And no row names a route the server does not have.
    const known = new Set(registered);
    assert.deepEqual([...byRole, ...BY_TENANT].filter((key) => !known.has(key)), []);
  });
});
