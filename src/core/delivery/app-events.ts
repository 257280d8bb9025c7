/**
 * How an app receives change events (issue: fixture `events`, `larkcal app
 * events`, later the admin API): one validation and one use case for all three.
 */
import { invalid } from '../errors.js';
import { randomBase62 } from '../ids.js';
import type { UnitOfWork } from '../ports.js';
import type { App } from '../tenancy/model.js';
import { CALENDAR_EVENT_TYPES, type AppEventConfig, type CalendarEventType, type DeliveryMode } from './model.js';

/** The fixture's `events` block, as written. */
export interface EventSettings {
  delivery?: DeliveryMode;
  request_url?: string | null;
  encrypt_key?: string | null;
  verification_token?: string;
  types?: string[];
}

const FIELDS = ['delivery', 'request_url', 'encrypt_key', 'verification_token', 'types'] as const;

/** Checks the shape of an `events` block; `path` names it in errors (`tenants[0].apps[1].events`). */
export function checkEventSettings(raw: unknown, path: string): EventSettings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(path, 'must be an object');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) throw invalid(`${path}.${unknown}`, `is not a field of this object (known: ${FIELDS.join(', ')})`);
  if (o.delivery !== undefined && o.delivery !== 'webhook' && o.delivery !== 'long_connection') {
    throw invalid(`${path}.delivery`, 'must be "webhook" or "long_connection"', JSON.stringify(o.delivery));
  }
  for (const key of ['request_url', 'encrypt_key'] as const) {
    const value = o[key];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value.length === 0 || value.length > 1024)) {
      throw invalid(`${path}.${key}`, 'must be a non-empty string of at most 1024 characters, or null', JSON.stringify(value));
    }
  }
  const url = o.request_url;
  if (typeof url === 'string') {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw invalid(`${path}.request_url`, 'must be an absolute http(s) URL', url);
  }
  const token = o.verification_token;
  if (token !== undefined && (typeof token !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(token))) {
    throw invalid(`${path}.verification_token`, 'must be 8 to 128 letters, digits, "_" or "-"', JSON.stringify(token));
  }
  if (o.types !== undefined) {
    if (!Array.isArray(o.types)) throw invalid(`${path}.types`, 'must be an array');
    o.types.forEach((type, i) => {
      if (!(CALENDAR_EVENT_TYPES as readonly unknown[]).includes(type)) {
        throw invalid(`${path}.types[${i}]`, `is not an event type larkcal delivers (known: ${CALENDAR_EVENT_TYPES.join(', ')})`, JSON.stringify(type));
      }
    });
  }
  return o as EventSettings;
}

/**
 * The configuration `settings` make of `previous` (or of nothing): fields not
 * given stay as they were; a webhook needs its URL; the long connection is for
 * internal apps only (platform.md §9). A new or changed URL is challenged anew.
 */
export function eventConfigOf(app: Pick<App, 'appId' | 'kind'>, settings: EventSettings, path: string, previous?: AppEventConfig): AppEventConfig {
  const delivery = settings.delivery ?? previous?.delivery ?? 'webhook';
  const requestUrl = settings.request_url === undefined ? previous?.requestUrl ?? null : settings.request_url;
  if (delivery === 'webhook' && !requestUrl) throw invalid(`${path}.request_url`, 'is required for webhook delivery');
  if (delivery === 'long_connection' && app.kind !== 'internal') {
    throw invalid(`${path}.delivery`, 'long_connection is for internal apps only; store apps receive events by webhook', delivery);
  }
  const urlChanged = requestUrl !== (previous?.requestUrl ?? null);
  return {
    appId: app.appId,
    delivery,
    requestUrl,
    encryptKey: settings.encrypt_key === undefined ? previous?.encryptKey ?? null : settings.encrypt_key,
    verificationToken: settings.verification_token ?? previous?.verificationToken ?? randomBase62(32),
    types: settings.types ? [...new Set(settings.types as CalendarEventType[])] : previous?.types ?? [...CALENDAR_EVENT_TYPES],
    urlCheck: !requestUrl ? 'none' : urlChanged || settings.encrypt_key !== undefined ? 'pending' : previous?.urlCheck ?? 'pending',
  };
}

export class AppEvents {
  constructor(private readonly store: UnitOfWork<'tenancy' | 'appEvents'>) {}

  /** Changes an app's event configuration; `path` names the settings in errors. */
  async configure(appId: string, settings: EventSettings, path = 'events'): Promise<AppEventConfig> {
    const checked = checkEventSettings(settings, path);
    return this.store.transaction(async (repos) => {
      const app = await repos.tenancy.getApp(appId);
      if (!app) throw invalid('app_id', 'no such app', appId);
      const config = eventConfigOf(app, checked, path, await repos.appEvents.get(appId));
      await repos.appEvents.put(config);
      return config;
    });
  }

  get(appId: string): Promise<AppEventConfig | undefined> {
    return this.store.appEvents.get(appId);
  }
}
