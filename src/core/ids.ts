/**
 * Identifier formats, as Feishu shapes them (platform.md §6). Random parts come
 * from the CSPRNG; per-app ids are derived so they are stable without a lookup.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}

/** 19 digits, like the numbers Feishu puts into acl ids (`user_6843287928157667331`). */
export function randomNumber19(): string {
  return String(randomInt(1, 10)) + Array.from({ length: 18 }, () => randomInt(10)).join('');
}

/**
 * Log ids are made on every request: their random part comes from a pool
 * refilled 4 KiB at a time rather than a randomBytes call each.
 */
let pool = Buffer.alloc(0);
let poolOffset = 0;
function pooledHex10(): string {
  if (poolOffset + 10 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + 10).toUpperCase();
  poolOffset += 10;
  return hex;
}

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export const newIds = {
  tenantKey: () => randomHex(8),
  appId: () => `cli_${randomHex(8)}`,
  appSecret: () => randomBase62(32),
  unionId: () => `on_${randomHex(16)}`,
  userId: () => randomBase62(8).toLowerCase(),
  chatId: () => `oc_${randomHex(16)}`,
  roomId: () => `omm_${randomHex(16)}`,
  internalRef: (prefix: string) => `${prefix}_${randomHex(12)}`,
  /** `<domain>_<random>@group.calendar.<host>` (calendars.md §2.1). */
  calendarId: (domain: string, host: string) => `${domain}_${randomBase62(22)}@group.calendar.${host}`,
  roomCalendarId: (domain: string, host: string) => `${domain}_${randomBase62(22)}@resource.calendar.${host}`,
  logId: (now: Date) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const stamp = `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
    return stamp + pooledHex10();
  },
};

/** An `open_id` differs for every app and is stable: derived from (app, user). */
export function openIdFor(appId: string, userRef: string): string {
  return `ou_${digest('open_id', appId, userRef).slice(0, 32)}`;
}

/** The open_id of an app's bot, as that app sees it. */
export function botOpenId(appId: string): string {
  return `ou_${digest('bot', appId).slice(0, 32)}`;
}

export function sha256(value: string): string {
  return digest(value);
}

/** Calendar ids we mint, and the ones a Feishu client may hold (191001 for anything else). */
export const CALENDAR_ID_PATTERN = /^[A-Za-z0-9._-]+_[A-Za-z0-9_-]+@(group|resource)\.calendar\.[A-Za-z0-9.-]+$/;
