/**
 * The one configuration schema: every option's default, environment variable,
 * flag and help text. `--help`, the README's configuration table and start-up
 * validation are all generated from this list.
 */
import { parseDatabaseUrl, type DatabaseUrl } from '../storage/store.js';

export interface OptionSpec<T> {
  flag: string;
  env: string;
  default: T;
  /** Placeholder shown in help, e.g. PORT. */
  value: string;
  help: string;
  /** Parses the text form; returns an error message for a bad value. */
  parse(text: string): T | { error: string };
  /** How the default reads in help and docs. */
  show(value: T): string;
}

const integer = (min: number, max: number) => (text: string) => {
  const n = Number(text);
  return /^\d+$/.test(text) && n >= min && n <= max ? n : { error: `must be an integer from ${min} to ${max}` };
};

const onOff = (text: string) => {
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  return { error: 'must be on or off' };
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

export const CONFIG = {
  port: {
    flag: 'port', env: 'LARKCAL_PORT', default: 8080, value: 'PORT', help: 'TCP port to listen on (0 picks a free one)',
    parse: integer(0, 65535), show: String,
  } satisfies OptionSpec<number>,
  host: {
    flag: 'host', env: 'LARKCAL_HOST', default: '127.0.0.1', value: 'HOST', help: 'address to listen on',
    parse: (text: string) => (text.length > 0 ? text : { error: 'must not be empty' }), show: String,
  } satisfies OptionSpec<string>,
  db: {
    flag: 'db', env: 'LARKCAL_DB', default: { dialect: 'sqlite', file: './data/larkcal.db' } as DatabaseUrl, value: 'URL',
    help: 'database: sqlite:FILE (embedded) or postgres://user:pass@host/db',
    parse: (text: string) => parseDatabaseUrl(text) ?? { error: 'must be sqlite:FILE or postgres://user:pass@host/db' },
    show: (v: DatabaseUrl) => (v.dialect === 'sqlite' ? `sqlite:${v.file}` : v.url.replace(/\/\/[^@]*@/, '//***@')),
  } satisfies OptionSpec<DatabaseUrl>,
  seed: {
    flag: 'seed', env: 'LARKCAL_SEED', default: undefined as string | undefined, value: 'FILE',
    help: 'fixture file to load at start (tenants already present are skipped)',
    parse: (text: string) => (text.length > 0 ? text : { error: 'must name a file' }), show: (v: string | undefined) => v ?? '(none)',
  } satisfies OptionSpec<string | undefined>,
  rateLimit: {
    flag: 'rate-limit', env: 'LARKCAL_RATE_LIMIT', default: true, value: 'on|off',
    help: "Feishu's per-app, per-API limits (1000/min and 50/s); off for sandboxes", parse: onOff, show: (v: boolean) => (v ? 'on' : 'off'),
  } satisfies OptionSpec<boolean>,
  logLevel: {
    flag: 'log-level', env: 'LARKCAL_LOG_LEVEL', default: 'warn' as LogLevel, value: 'LEVEL',
    help: `request log level: ${LOG_LEVELS.join(', ')}`,
    parse: (text: string) => ((LOG_LEVELS as readonly string[]).includes(text) ? (text as LogLevel) : { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    show: String,
  } satisfies OptionSpec<LogLevel>,
};

export type ConfigKey = keyof typeof CONFIG;
export type Config = { [K in ConfigKey]: (typeof CONFIG)[K]['default'] };
