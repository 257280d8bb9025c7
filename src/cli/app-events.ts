import { AppEvents, type EventSettings } from '../core/delivery/app-events.js';
import type { AppEventConfig, DeliveryMode } from '../core/delivery/model.js';
import { DomainError } from '../core/errors.js';
import { ConfigError } from '../config/load.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';

/** The flags of `larkcal app events`, for parseArgs. */
export const APP_EVENTS_FLAGS = {
  delivery: { type: 'string' },
  'request-url': { type: 'string' },
  'encrypt-key': { type: 'string' },
  types: { type: 'string' },
} as const;

/** `none` clears a value; an empty one is refused, since `--request-url $UNSET` is more often a slip than a wish. */
const NONE = 'none';

/** The settings field the use case names in errors, and the flag that gave it. */
const FLAG_OF: Record<string, string> = { delivery: '--delivery', request_url: '--request-url', encrypt_key: '--encrypt-key', types: '--types' };

/** What the flags ask for; flags not given keep their value. */
export function settingsOf(flags: Record<string, string | boolean | undefined>): EventSettings {
  const settings: EventSettings = {};
  const text = (name: string): string | undefined => {
    const value = flags[name];
    if (value === '') throw new ConfigError(`--${name}: must not be empty (${NONE} clears it)`);
    return typeof value === 'string' ? value : undefined;
  };
  const delivery = text('delivery');
  if (delivery !== undefined) settings.delivery = delivery as DeliveryMode; // checked by the use case
  const url = text('request-url');
  if (url !== undefined) settings.request_url = url === NONE ? null : url;
  const key = text('encrypt-key');
  if (key !== undefined) settings.encrypt_key = key === NONE ? null : key;
  const types = text('types');
  if (types !== undefined) settings.types = types === NONE ? [] : types.split(',').map((t) => t.trim());
  return settings;
}

/**
 * `larkcal app events APP_ID [flags]`: changes the app's event configuration through the
 * same use case as the fixture's `events` block; without flags, prints it.
 */
export async function appEventsCommand(db: DatabaseUrl, appId: string, flags: Record<string, string | boolean | undefined>): Promise<void> {
  const settings = settingsOf(flags);
  const store = await openExisting(db, { quiet: true });
  try {
    if (!(await store.tenancy.getApp(appId))) throw new Error(`no app ${appId} in this database`);
    const appEvents = new AppEvents(store);
    if (Object.keys(settings).length === 0) {
      const config = await appEvents.get(appId);
      if (config) console.log(describeConfig(config, `app ${appId}: event configuration`));
      else console.log(`app ${appId}: no event configuration, so it receives no change events (set one with --request-url URL, or --delivery long_connection)`);
      return;
    }
    const config = await appEvents.configure(appId, settings).catch((error: unknown) => {
      throw error instanceof DomainError ? flagError(error) : error;
    });
    console.log(describeConfig(config, `app ${appId}: event configuration updated`));
  } finally {
    await store.close();
  }
}

/** `events.types[1] is not an event type …` becomes `--types: "x" is not an event type …`. */
function flagError(error: DomainError): Error {
  const v = error.violations[0];
  if (!v) return error;
  const field = /^events\.([a-z_]+)/.exec(v.field)?.[1] ?? v.field;
  const flag = FLAG_OF[field] ?? field;
  return new ConfigError(field === 'types' && v.value !== undefined ? `${flag}: ${v.value} ${v.description}` : `${flag}: ${v.description}${v.value !== undefined ? ` (got ${v.value})` : ''}`);
}

const URL_CHECK: Record<AppEventConfig['urlCheck'], string> = {
  pending: 'pending: the running server sends the URL-verification challenge (larkcal serve on this database)',
  answered: 'answered: the request URL echoed the challenge',
  unanswered: 'unanswered: the request URL did not echo the challenge (events are sent regardless)',
  none: 'none: no request URL',
};

/** The configuration as printed: the encrypt key's presence, never the key. */
export function describeConfig(config: AppEventConfig, title: string): string {
  return [
    `${title}:`,
    `  delivery:           ${config.delivery}`,
    `  request_url:        ${config.requestUrl ?? NONE}`,
    `  encrypt_key:        ${config.encryptKey ? 'set (not shown)' : NONE}`,
    `  types:              ${config.types.length > 0 ? config.types.join(',') : NONE}`,
    `  url_check:          ${URL_CHECK[config.urlCheck]}`,
    `  verification_token: ${config.verificationToken}`,
  ].join('\n');
}
