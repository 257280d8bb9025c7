/**
 * The one configuration schema: every option's default, environment variable,
 * flag and help text. `--help`, the README's configuration table and start-up
 * validation are all generated from this list.
 */
import type { RoomBookingMode } from '../core/rooms/booking-mode.js';
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

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `15s,5m,1h,6h`: the waits after each failed delivery attempt; `none` for no retries. */
const durations = (text: string): number[] | { error: string } => {
  if (text === 'none') return [];
  const waits = text.split(',').map((part) => /^(\d{1,9})(ms|s|m|h)$/.exec(part.trim()));
  if (waits.length > 20 || waits.some((m) => m === null)) return { error: 'must be a comma-separated list of durations such as 15s,5m,1h,6h (units ms, s, m, h), or none' };
  return waits.map((m) => Number(m![1]) * UNITS[m![2]!]!);
};

const showDurations = (waits: readonly number[]) => {
  if (waits.length === 0) return 'none';
  return waits.map((ms) => {
    for (const unit of ['h', 'm', 's'] as const) if (ms % UNITS[unit]! === 0) return `${ms / UNITS[unit]!}${unit}`;
    return `${ms}ms`;
  }).join(',');
};

/** One duration such as `2s` (units ms, s, m, h), at most a day. */
const duration = (text: string): number | { error: string } => {
  const m = /^(\d{1,9})(ms|s|m|h)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN;
  return ms <= 86_400_000 ? ms : { error: 'must be a duration such as 2s (units ms, s, m, h), at most 24h' };
};

/** An absolute http(s) URL without query or fragment; a trailing slash is dropped (clients add their own paths). */
const publicUrl = (text: string): string | { error: string } => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { error: 'must be an absolute http:// or https:// URL' };
  }
  if (!/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return { error: 'must be an absolute http:// or https:// URL without credentials, query or fragment' };
  }
  return url.href.replace(/\/+$/, '');
};

const ROOM_BOOKING_MODES = ['instant', 'async'] as const satisfies readonly RoomBookingMode[];

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
  publicUrl: {
    flag: 'public-url', env: 'LARKCAL_PUBLIC_URL', default: undefined as string | undefined, value: 'URL',
    help: 'the address clients reach this server by (https://cal.example.com): the server_address of generate_caldav_conf, what CalDAV clients type, the web calendar\'s sign-in origin (X-Forwarded-Host/Proto are trusted only when set)',
    parse: publicUrl, show: (v: string | undefined) => v ?? "(the listener's http://HOST:PORT)",
  } satisfies OptionSpec<string | undefined>,
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
    flag: 'rate-limit', env: 'LARKCAL_RATE_LIMIT', default: true as boolean, value: 'on|off',
    help: "Feishu's per-app, per-API limits (1000/min and 50/s); off for sandboxes", parse: onOff, show: (v: boolean) => (v ? 'on' : 'off'),
  } satisfies OptionSpec<boolean>,
  deliveryRetries: {
    flag: 'delivery-retries', env: 'LARKCAL_DELIVERY_RETRIES', default: [15_000, 300_000, 3_600_000, 21_600_000] as readonly number[], value: 'WAITS',
    help: "waits before each retry of a change event that was not delivered (Feishu's: 15s,5m,1h,6h); none for no retries",
    parse: durations, show: showDurations,
  } satisfies OptionSpec<readonly number[]>,
  deliveryDenyPrivate: {
    flag: 'delivery-deny-private', env: 'LARKCAL_DELIVERY_DENY_PRIVATE', default: false as boolean, value: 'on|off',
    help: 'refuse to deliver change events to loopback, link-local and private addresses (for hosting larkcal for others)',
    parse: onOff, show: (v: boolean) => (v ? 'on' : 'off'),
  } satisfies OptionSpec<boolean>,
  adminToken: {
    flag: 'admin-token', env: 'LARKCAL_ADMIN_TOKEN', default: undefined as string | undefined, value: 'TOKEN',
    help: 'the admin API\'s token (/_larkcal/); when unset, one is generated, kept in the database and printed (larkcal admin-token)',
    parse: (text: string) => (/^[\x21-\x7e]{16,256}$/.test(text) ? text : { error: 'must be 16 to 256 printable characters without spaces' }),
    show: (v: string | undefined) => (v ? '***' : '(generated)'),
  } satisfies OptionSpec<string | undefined>,
  redis: {
    flag: 'redis', env: 'LARKCAL_REDIS_URL', default: undefined as string | undefined, value: 'URL',
    help: 'keep the gateway\'s rate-limit counters in this Redis (redis://host:6379/0), shared by every larkcal process using it; without it they live in PostgreSQL (several processes) or in memory (SQLite)',
    parse: (text: string) => (/^rediss?:\/\/.+/.test(text) ? text : { error: 'must be a redis:// or rediss:// URL' }),
    show: (v: string | undefined) => (v ? v.replace(/\/\/[^@/]*@/, '//***@') : '(none)'),
  } satisfies OptionSpec<string | undefined>,
  metricsToken: {
    flag: 'metrics-token', env: 'LARKCAL_METRICS_TOKEN', default: undefined as string | undefined, value: 'TOKEN',
    help: 'a Bearer token that may read /metrics besides the admin token (give it to Prometheus, not the admin token)',
    parse: (text: string) => (/^[\x21-\x7e]{16,256}$/.test(text) ? text : { error: 'must be 16 to 256 printable characters without spaces' }),
    show: (v: string | undefined) => (v ? '***' : '(admin token only)'),
  } satisfies OptionSpec<string | undefined>,
  clock: {
    flag: 'clock', env: 'LARKCAL_CLOCK', default: undefined as number | undefined, value: 'RFC3339',
    help: 'start the virtual clock running from this instant (e.g. 2026-03-16T09:00:00+08:00) instead of real time',
    parse: (text: string) => {
      const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
      return Number.isNaN(ms) ? { error: 'must be an RFC 3339 instant such as 2026-03-16T09:00:00+08:00' } : ms;
    },
    show: (v: number | undefined) => (v === undefined ? '(real time)' : new Date(v).toISOString()),
  } satisfies OptionSpec<number | undefined>,
  journalSize: {
    flag: 'journal-size', env: 'LARKCAL_JOURNAL_SIZE', default: 1000, value: 'N',
    help: 'how many Open API calls and delivery attempts the admin journal keeps in memory (/_larkcal/journal); 0 keeps none',
    parse: integer(0, 100_000), show: String,
  } satisfies OptionSpec<number>,
  seedRandom: {
    flag: 'seed-random', env: 'LARKCAL_SEED_RANDOM', default: undefined as number | undefined, value: 'N',
    help: 'seed of the generator that fault probabilities draw from, so a run reproduces; random when unset',
    parse: integer(0, 4_294_967_295), show: (v: number | undefined) => (v === undefined ? '(random)' : String(v)),
  } satisfies OptionSpec<number | undefined>,
  roomBooking: {
    flag: 'room-booking', env: 'LARKCAL_ROOM_BOOKING', default: 'instant' as RoomBookingMode, value: 'instant|async',
    help: "how an added room is booked: instant decides within the call; async is Feishu's: needs_action, decided after --room-booking-delay in arrival order",
    parse: (text: string) => ((ROOM_BOOKING_MODES as readonly string[]).includes(text) ? (text as RoomBookingMode) : { error: 'must be instant or async' }),
    show: String,
  } satisfies OptionSpec<RoomBookingMode>,
  roomBookingDelay: {
    flag: 'room-booking-delay', env: 'LARKCAL_ROOM_BOOKING_DELAY', default: 2000 as number, value: 'DURATION',
    help: 'with --room-booking async: how long, by the clock, a room booking waits before it is decided',
    parse: duration, show: (ms: number) => (ms === 0 ? '0s' : showDurations([ms])),
  } satisfies OptionSpec<number>,
  thirdPartyRefresh: {
    flag: 'third-party-refresh', env: 'LARKCAL_THIRD_PARTY_REFRESH', default: 15 * 60_000 as number, value: 'DURATION',
    help: 'how often, by the clock, a bound Exchange calendar is synced again from its source',
    parse: (text: string) => { const ms = duration(text); return typeof ms === 'number' && ms <= 0 ? { error: 'must be longer than 0s' } : ms; },
    show: (ms: number) => showDurations([ms]),
  } satisfies OptionSpec<number>,
  logLevel: {
    flag: 'log-level', env: 'LARKCAL_LOG_LEVEL', default: 'warn' as LogLevel, value: 'LEVEL',
    help: `request log level: ${LOG_LEVELS.join(', ')}`,
    parse: (text: string) => ((LOG_LEVELS as readonly string[]).includes(text) ? (text as LogLevel) : { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    show: String,
  } satisfies OptionSpec<LogLevel>,
};

export type ConfigKey = keyof typeof CONFIG;
export type Config = { [K in ConfigKey]: (typeof CONFIG)[K]['default'] };
