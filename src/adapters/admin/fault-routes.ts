/** `POST|GET /_larkcal/faults`, `DELETE /_larkcal/faults/:id`: the faults the sandbox injects (issue #12 §4). */
import type { FastifyInstance } from 'fastify';
import type { FaultBook } from '../sandbox/fault-book.js';
import { AdminError } from './errors.js';
import { faultSpecOf } from './fault-spec.js';

export function faultRoutes(faults: FaultBook) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/faults', async (request, reply) => reply.code(201).send(faults.add(faultSpecOf(request.body))));
    app.get('/faults', async () => ({ items: faults.list() }));
    app.delete<{ Params: { id: string } }>('/faults/:id', async (request, reply) => {
      if (!faults.remove(request.params.id)) throw new AdminError(404, 'not_found', `no fault ${request.params.id} (a fault whose times ran out is gone)`);
      return reply.code(204).send();
    });
  };
}
