/** `GET /_larkcal/journal`: the last Open API calls and delivery attempts, newest first (issue #12 §4). */
import type { FastifyInstance } from 'fastify';
import type { Journal, JournalFilter } from '../sandbox/journal.js';
import { instant } from './clock-routes.js';
import { AdminError } from './errors.js';

const PARAMS = ['limit', 'app_id', 'path', 'status', 'since', 'after'];
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

export function journalRoutes(journal: Journal) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/journal', async (request) => ({ items: journal.list(filterOf(request.query as Record<string, unknown>)) }));
  };
}

function filterOf(query: Record<string, unknown>): JournalFilter {
  const unknown = Object.keys(query).find((k) => !PARAMS.includes(k));
  if (unknown !== undefined) throw invalid(`unknown parameter ${unknown} (known: ${PARAMS.join(', ')})`);
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw invalid(`${name} must be given once, not empty`);
    return value;
  };
  const filter: JournalFilter = { limit: DEFAULT_LIMIT };
  const limit = text('limit');
  if (limit !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(limit) || Number(limit) > MAX_LIMIT) throw invalid(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    filter.limit = Number(limit);
  }
  const appId = text('app_id');
  if (appId !== undefined) filter.appId = appId;
  const path = text('path');
  if (path !== undefined) filter.path = path;
  const status = text('status');
  if (status !== undefined) {
    if (/^[1-5]xx$/.test(status)) filter.status = status as `${1 | 2 | 3 | 4 | 5}xx`;
    else if (/^[1-5]\d\d$/.test(status)) filter.status = Number(status);
    else throw invalid('status must be an HTTP status (429) or a class (4xx)');
  }
  const since = text('since');
  if (since !== undefined) {
    try {
      filter.since = instant(/^\d+$/.test(since) ? Number(since) : since);
    } catch {
      throw invalid('since must be an RFC 3339 instant or epoch milliseconds');
    }
  }
  const after = text('after');
  if (after !== undefined) {
    if (!/^\d{1,15}$/.test(after)) throw invalid('after must be an entry\'s seq');
    filter.after = Number(after);
  }
  return filter;
}

const invalid = (message: string) => new AdminError(400, 'invalid', message);
