/**
 * `/_larkcal/reset`, `/_larkcal/snapshots` and `/_larkcal/tenants`: the
 * sandbox's state (issue #12 §3). A bad name or tenant is 400 naming the
 * field, an unknown one 404, a taken one 409; each changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxState } from '../../core/sandbox/state.js';
import { AdminError } from './errors.js';

type Named = { Params: { name: string } };

export function stateRoutes(state: SandboxState) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/reset', async () => {
      await state.reset();
      return { reset: true };
    });

    app.get('/snapshots', async () => ({
      snapshots: (await state.list()).map((s) => ({ name: s.name, created_at: s.createdAt })),
    }));
    app.post('/snapshots', async (request, reply) => {
      const name = nameIn(request.body);
      if (!(await state.snapshot(name))) throw new AdminError(409, 'conflict', `a snapshot named ${name} exists; delete it first`);
      return reply.code(201).send({ name });
    });
    app.post<Named>('/snapshots/:name/restore', async (request) => {
      if (!(await state.restore(request.params.name))) throw unknownSnapshot(request.params.name);
      return { restored: request.params.name };
    });
    app.delete<Named>('/snapshots/:name', async (request) => {
      if (!(await state.drop(request.params.name))) throw unknownSnapshot(request.params.name);
      return { deleted: request.params.name };
    });

    app.post('/tenants', async (request, reply) => {
      const created = await state.createTenant(request.body);
      if (!created) throw new AdminError(409, 'conflict', 'a tenant with this tenant_key exists');
      return reply.code(201).send(created);
    });
    app.delete<{ Params: { tenant_key: string } }>('/tenants/:tenant_key', async (request) => {
      const tenantKey = request.params.tenant_key;
      if (!(await state.deleteTenant(tenantKey))) throw new AdminError(404, 'not_found', `no tenant ${tenantKey}`);
      return { deleted: tenantKey };
    });
  };
}

function nameIn(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AdminError(400, 'invalid', 'the body must be a JSON object {"name": …}');
  const keys = Object.keys(body);
  const unknown = keys.find((k) => k !== 'name');
  if (unknown !== undefined) throw new AdminError(400, 'invalid', `${unknown}: is not a field (known: name)`);
  const { name } = body as { name?: unknown };
  if (typeof name !== 'string') throw new AdminError(400, 'invalid', 'name: must be a string');
  return name;
}

const unknownSnapshot = (name: string) => new AdminError(404, 'not_found', `no snapshot ${name}`);
