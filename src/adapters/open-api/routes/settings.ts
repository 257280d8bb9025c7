/**
 * Settings (calendars.md §7.1): `generate_caldav_conf` gives the calling user
 * a CalDAV password for one device (issue #10 §1). User token only: a tenant
 * token gets the gateway's 99991663, as on every user-only API (platform.md §3).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok } from '../schemas/common.js';

const USER_ONLY = ['user'] as const;

// The 100-character limit is the core's to check (190002 naming device_name); only the type here.
const GenerateBody = Type.Object({ device_name: Type.Optional(Type.String()) });

const CaldavConfJson = Type.Object({
  password: Type.String(),
  user_name: Type.String(),
  server_address: Type.String(),
  device_name: Type.String(),
});

export function registerSettingsRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { caldavCredentials, publicUrl } = deps;

  app.post('/calendar/v4/settings/generate_caldav_conf', {
    config: { auth: { tokens: USER_ONLY, scopes: SCOPES.caldavCreate } },
    schema: { body: GenerateBody, response: { 200: Ok(CaldavConfJson) } },
  }, async (request) => {
    const issued = await caldavCredentials.issue(caller(request).identity, request.body.device_name ?? '', publicUrl(request.host));
    return success(issued);
  });
}
