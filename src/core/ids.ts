/**
 * Identifier formats, as Feishu shapes them (platform.md §6). Random parts come
 * from the CSPRNG; per-app ids are derived so they are stable without a lookup.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

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

/**
 * Where resource ids come from: the CSPRNG in production, a counter in tests
 * (test/support/ids.ts), in the same formats. Only names of things go through
 * here. Secrets (tokens, codes, app secrets, salts) never do: a test source
 * would make them guessable, and nothing a test asserts needs them fixed.
 */
export interface IdSource {
  unionId(): string;
  userId(): string;
  appId(): string;
  chatId(): string;
  roomId(): string;
  /** Our own row keys, e.g. `usr_…` for users. */
  internalRef(prefix: string): string;
  /** 19 digits, the number users and apps carry (it names their ACLs, `user_<number>`). */
  number19(): string;
  /** `<domain>_<random>@group.calendar.<host>` (calendars.md §2.1). */
  calendarId(domain: string, host: string): string;
  roomCalendarId(domain: string, host: string): string;
  /** A lowercase UUID (events.md §2.2). */
  eventUid(): string;
  timeoffEventId(): string;
  /** Drive's file_token of an uploaded attachment. */
  fileToken(): string;
  /** The document part of a meeting minute's URL. */
  docToken(): string;
}

export const randomIds: IdSource = {
  unionId: () => `on_${randomHex(16)}`,
  userId: () => randomBase62(8).toLowerCase(),
  appId: () => `cli_${randomHex(8)}`,
  chatId: () => `oc_${randomHex(16)}`,
  roomId: () => `omm_${randomHex(16)}`,
  internalRef: (prefix) => `${prefix}_${randomHex(12)}`,
  number19: randomNumber19,
  calendarId: (domain, host) => `${domain}_${randomBase62(22)}@group.calendar.${host}`,
  roomCalendarId: (domain, host) => `${domain}_${randomBase62(22)}@resource.calendar.${host}`,
  eventUid: () => randomUUID(),
  timeoffEventId: () => `timeoff:${randomUUID()}`,
  fileToken: () => randomBase62(27),
  docToken: () => randomBase62(27),
};

/** What is minted from the CSPRNG whatever IdSource a server has. */
export const newIds = {
  appSecret: () => randomBase62(32),
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
