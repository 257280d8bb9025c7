/**
 * The admin API as commands (issue #12 §1): each calls a running server
 * (`--url`, `--admin-token`) and prints its JSON answer. A refusal prints the
 * answer's `error.message` and exits 1.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config/load.js';
import { storedAdminToken } from '../core/sandbox/admin-token.js';
import { AdminClient, segment, type AdminMethod } from './admin-client.js';
import { openExisting } from './database.js';

/** The flags of the admin commands, for parseArgs. */
export const ADMIN_FLAGS = {
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  db: { type: 'string' },
  set: { type: 'string' },
  advance: { type: 'string' },
  mode: { type: 'string' },
} as const;

export const DEFAULT_URL = 'http://127.0.0.1:8080';

type Flags = Record<string, string | undefined>;
type Call = { method: AdminMethod; path: string; body?: unknown };

/** What each command asks of the admin API, from its positional arguments and flags. */
const COMMANDS: Record<string, (args: string[], flags: Flags) => Call | Promise<Call>> = {
  clock: (args, flags) => {
    none(args, 'clock');
    return clockCall(flags);
  },
  reset: (args) => {
    none(args, 'reset');
    return { method: 'POST', path: '/reset' };
  },
  snapshot: (args) => {
    const [sub, name, ...extra] = args;
    if (sub === 'list') {
      none([name, ...extra].filter(isGiven), 'snapshot list');
      return { method: 'GET', path: '/snapshots' };
    }
    if (sub !== 'save' && sub !== 'restore' && sub !== 'delete') throw usage('snapshot save|restore|delete NAME, or snapshot list');
    if (!name || extra.length > 0) throw usage(`snapshot ${sub} takes one NAME`);
    if (sub === 'save') return { method: 'POST', path: '/snapshots', body: { name } };
    if (sub === 'restore') return { method: 'POST', path: `/snapshots/${segment(name)}/restore` };
    return { method: 'DELETE', path: `/snapshots/${segment(name)}` };
  },
  tenant: async (args) => {
    const [sub, arg, ...extra] = args;
    if ((sub !== 'create' && sub !== 'delete') || !arg || extra.length > 0) throw usage('tenant create FILE|- (one fixture tenant object), or tenant delete TENANT_KEY');
    if (sub === 'create') return { method: 'POST', path: '/tenants', body: await jsonFrom(arg) };
    return { method: 'DELETE', path: `/tenants/${segment(arg)}` };
  },
  faults: async (args) => {
    const [sub, arg, ...extra] = args;
    if (sub === 'list' && !arg) return { method: 'GET', path: '/faults' };
    if ((sub !== 'add' && sub !== 'delete') || !arg || extra.length > 0) throw usage('faults add FILE|-, faults list, or faults delete ID');
    if (sub === 'add') return { method: 'POST', path: '/faults', body: await jsonFrom(arg) };
    return { method: 'DELETE', path: `/faults/${segment(arg)}` };
  },
  admin: (args) => {
    const [method, path, json, ...extra] = args;
    const upper = method?.toUpperCase();
    if (!upper || !path || extra.length > 0 || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) throw usage('admin METHOD PATH [JSON], e.g. admin GET /deliveries');
    // `/_larkcal/clock` and `/clock` alike.
    const relative = path.replace(/^\/?_larkcal(?=\/|$)/, '') || '/';
    return { method: upper as AdminMethod, path: relative, ...(json !== undefined && { body: parseJson(json, 'JSON') }) };
  },
};

export const ADMIN_COMMANDS: ReadonlySet<string> = new Set(Object.keys(COMMANDS));

export async function adminCommand(command: string, args: string[], flags: Flags): Promise<void> {
  const call = await COMMANDS[command]!(args, flags);
  const client = new AdminClient(flags.url ?? process.env.LARKCAL_URL ?? DEFAULT_URL, await adminTokenOf(flags));
  const answer = await client.call(call.method, call.path, call.body);
  if (answer !== undefined) console.log(JSON.stringify(answer, null, 2));
}

/** `--admin-token`, else LARKCAL_ADMIN_TOKEN, else the token kept in `--db` (as `larkcal admin-token` prints it). */
async function adminTokenOf(flags: Flags): Promise<string> {
  const given = flags['admin-token'] ?? process.env.LARKCAL_ADMIN_TOKEN;
  if (given) return given;
  const store = await openExisting(loadConfig(flags, process.env, ['db']).db, { hint: 'pass --admin-token (or LARKCAL_ADMIN_TOKEN), or --db of the running server' });
  try {
    const token = await storedAdminToken(store.settings);
    if (!token) throw new ConfigError('no admin token in this database: pass --admin-token (or LARKCAL_ADMIN_TOKEN)');
    return token;
  } finally {
    await store.close();
  }
}

function clockCall(flags: Flags): Call {
  const given = (['set', 'advance', 'mode'] as const).filter((f) => flags[f] !== undefined);
  if (given.length > 1) throw usage('clock takes one of --set, --advance, --mode');
  if (flags.set !== undefined) return { method: 'POST', path: '/clock', body: { set: /^\d+$/.test(flags.set) ? Number(flags.set) : flags.set } };
  if (flags.advance !== undefined) {
    if (!/^\d{1,15}$/.test(flags.advance)) throw new ConfigError(`--advance: must be milliseconds, a whole number (got ${flags.advance})`);
    return { method: 'POST', path: '/clock', body: { advance_ms: Number(flags.advance) } };
  }
  if (flags.mode !== undefined) {
    if (flags.mode !== 'running' && flags.mode !== 'system') throw new ConfigError(`--mode: must be running or system (got ${flags.mode})`);
    return { method: 'POST', path: '/clock', body: { mode: flags.mode } };
  }
  return { method: 'GET', path: '/clock' };
}

/** A JSON document from a file, or from standard input for `-`. */
async function jsonFrom(source: string): Promise<unknown> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  return parseJson(text, source === '-' ? 'standard input' : source);
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function none(args: readonly string[], command: string): void {
  if (args.length > 0) throw usage(`${command} takes no arguments (got "${args.join(' ')}")`);
}

const isGiven = (v: string | undefined): v is string => v !== undefined;
const usage = (text: string) => new ConfigError(`${text}; see larkcal help`);
