/**
 * `larkcal journal`: a running server's journal through its admin API, oldest
 * first, one line an entry; `--follow` then prints new entries until Ctrl-C,
 * asking for those after the last seq it printed (not by time: the sandbox
 * clock may stand still or go back).
 */
import type { JournalEntry } from '../adapters/sandbox/journal.js';
import { ConfigError } from '../config/load.js';
import { untilSignal } from './until-signal.js';

export const JOURNAL_FLAGS = {
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  app: { type: 'string' },
  limit: { type: 'string' },
  follow: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export interface JournalOptions {
  url: string;
  adminToken: string;
  appId?: string;
  limit: number;
  follow: boolean;
  /** Each entry as one JSON line, every field. */
  json: boolean;
}

/** Entries as the admin API answers them; only what a line shows is typed. */
/** The admin API answers the journal's own entries (adapters/sandbox/journal.ts). */
type Entry = JournalEntry;

const POLL_MS = 500;
/** What one poll asks for: more than arrives between two polls of any sandbox. */
const FOLLOW_PAGE = 10_000;

export function journalOptionsOf(flags: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): JournalOptions {
  const url = typeof flags.url === 'string' ? flags.url : env.LARKCAL_URL;
  if (!url || !URL.canParse(url)) throw new ConfigError('journal needs --url URL of the running larkcal (or LARKCAL_URL), e.g. http://127.0.0.1:8080');
  const adminToken = typeof flags['admin-token'] === 'string' ? flags['admin-token'] : env.LARKCAL_ADMIN_TOKEN;
  if (!adminToken) throw new ConfigError('journal needs --admin-token TOKEN (or LARKCAL_ADMIN_TOKEN); larkcal serve prints it');
  const options: JournalOptions = { url: url.replace(/\/+$/, ''), adminToken, limit: 100, follow: flags.follow === true, json: flags.json === true };
  if (typeof flags.app === 'string') options.appId = flags.app;
  if (typeof flags.limit === 'string') {
    if (!/^[1-9]\d{0,3}$/.test(flags.limit)) throw new ConfigError(`--limit: must be an integer from 1 to 9999 (got ${flags.limit})`);
    options.limit = Number(flags.limit);
  }
  return options;
}

export async function journalCommand(options: JournalOptions): Promise<void> {
  const first = await read(options, { limit: String(options.limit) });
  print(first, options.json);
  if (!options.follow) {
    if (first.length === 0) console.error('the journal is empty');
    return;
  }
  let after = first[0]?.seq ?? 0;
  console.error('following; SIGINT (Ctrl-C) stops');
  await untilSignal(async () => {
    const fresh = await read(options, { after: String(after), limit: String(FOLLOW_PAGE) });
    if (fresh.length === FOLLOW_PAGE) console.error(`(more than ${FOLLOW_PAGE} entries since the last look: older ones skipped)`);
    print(fresh, options.json);
    after = fresh[0]?.seq ?? after;
  }, POLL_MS);
}

/** Newest first, as the API answers. */
async function read(options: JournalOptions, params: Record<string, string>): Promise<Entry[]> {
  const query = new URLSearchParams({ ...params, ...(options.appId && { app_id: options.appId }) });
  let res: Response;
  try {
    res = await fetch(`${options.url}/_larkcal/journal?${query}`, { headers: { authorization: `Bearer ${options.adminToken}` } });
  } catch (error) {
    throw new Error(`cannot reach ${options.url}: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => undefined)) as { items?: Entry[]; error?: { message: string } } | undefined;
  if (res.status !== 200 || !body?.items) throw new Error(`the admin API answered ${res.status}: ${body?.error?.message ?? 'no journal'}`);
  return body.items;
}

function print(newestFirst: readonly Entry[], json: boolean): void {
  for (const entry of [...newestFirst].reverse()) console.log(json ? JSON.stringify(entry) : lineOf(entry));
}

/** `AT STATUS METHOD PATH code=C app=A [user=U] log_id=L Nms [fault=F]`, or a delivery's `AT STATUS delivery TYPE event_id=… app=A attempt=N ok|failed`. */
export function lineOf(e: Entry): string {
  const status = e.status ?? '-';
  const fault = e.fault ? ` fault=${e.fault}` : '';
  if (e.kind === 'delivery' && e.delivery) {
    const d = e.delivery;
    const error = d.error === null ? '' : ` error=${JSON.stringify(d.error)}`;
    return `${e.at} ${status} delivery ${d.event_type} event_id=${d.event_id} app=${e.app_id ?? '-'} attempt=${d.attempt ?? 'redelivery'} ${d.ok ? 'ok' : 'failed'} ${e.duration_ms}ms${error}${fault}`;
  }
  const user = e.user_id ? ` user=${e.user_id}` : '';
  return `${e.at} ${status} ${e.method} ${e.path} code=${e.code ?? '-'} app=${e.app_id ?? '-'}${user} log_id=${e.log_id ?? '-'} ${e.duration_ms}ms${fault}`;
}
