/**
 * The admin token: the one given (`--admin-token`), else the one generated on
 * a first start and kept in the database, so `larkcal admin-token` can print
 * it again. 32 random base62 characters: about 190 bits.
 */
import { randomBase62 } from '../ids.js';
import type { SettingsRepository } from './ports.js';

const KEY = 'admin_token';

export async function adminToken(settings: SettingsRepository, given: string | undefined): Promise<{ token: string; source: 'given' | 'stored' }> {
  if (given) return { token: given, source: 'given' };
  return { token: await settings.putIfAbsent(KEY, randomBase62(32)), source: 'stored' };
}

/** The stored token, for `larkcal admin-token`; undefined before the first start. */
export function storedAdminToken(settings: SettingsRepository): Promise<string | undefined> {
  return settings.get(KEY);
}
