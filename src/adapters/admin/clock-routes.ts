/** `GET|POST /_larkcal/clock`: the virtual clock (issue #12 §2). */
import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../../core/sandbox/clock.js';
import { AdminError } from './errors.js';

type ClockCommand = { set: string | number } | { advance_ms: number } | { mode: 'running' | 'system' };

export function clockRoutes(clock: SandboxClock) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/clock', async () => clock.state());
    app.post('/clock', async (request) => {
      apply(clock, command(request.body));
      return clock.state();
    });
  };
}

function command(body: unknown): ClockCommand {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  const keys = Object.keys(body);
  if (keys.length !== 1) throw invalid('give exactly one of set, advance_ms, mode');
  return body as ClockCommand;
}

/** The last instant a JavaScript date can hold: every time the server writes must stay printable. */
const MAX_INSTANT = 8.64e15;

function apply(clock: SandboxClock, c: ClockCommand): void {
  if ('set' in c) return clock.set(instant(c.set));
  if ('advance_ms' in c) {
    if (!Number.isSafeInteger(c.advance_ms) || c.advance_ms < 0) throw invalid('advance_ms must be a whole number of milliseconds, 0 or more');
    if (clock.now() + c.advance_ms > MAX_INSTANT) throw invalid('advance_ms would move the clock past the year 275760');
    return clock.advance(c.advance_ms);
  }
  if ('mode' in c) {
    if (c.mode === 'running') return clock.run();
    if (c.mode === 'system') return clock.system();
    throw invalid('mode must be "running" or "system"');
  }
  throw invalid(`unknown field ${Object.keys(c)[0]}; give one of set, advance_ms, mode`);
}

/** RFC 3339 text or epoch milliseconds. */
export function instant(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_INSTANT) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  throw invalid('set must be an RFC 3339 instant (2026-03-16T09:00:00+08:00) or epoch milliseconds');
}

const invalid = (message: string) => new AdminError(400, 'invalid', message);
