/**
 * The rule parts of an RRULE value, checked against RFC 5545 §3.3.10 one by
 * one: the grammar of each value, its range, and which parts may go together
 * with which FREQ. Every failure names the part, so a client can tell what to
 * change. Part names and values are case-insensitive (RFC 5545 §2).
 */
import { invalid } from '../../errors.js';

/** The frequencies Feishu's client offers (daily, weekly, monthly, yearly); the finer ones RFC 5545 also has are refused. */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** Times of day a rule may pick (BYHOUR × BYMINUTE × BYSECOND): as often as hourly, the finest frequency Feishu had. */
export const MAX_TIMES_A_DAY = 24;

export type PartName =
  | 'FREQ' | 'UNTIL' | 'COUNT' | 'INTERVAL' | 'BYSECOND' | 'BYMINUTE' | 'BYHOUR'
  | 'BYDAY' | 'BYMONTHDAY' | 'BYYEARDAY' | 'BYWEEKNO' | 'BYMONTH' | 'BYSETPOS' | 'WKST';

/** A numbered list part: its value range, and whether negative values count from the end. */
const RANGES: Partial<Record<PartName, { min: number; max: number; signed: boolean }>> = {
  BYSECOND: { min: 0, max: 59, signed: false }, // RFC 5545 allows 60 (a leap second), which ical.js never produces
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYMONTH: { min: 1, max: 12, signed: false },
  BYSETPOS: { min: 1, max: 366, signed: true },
};

const KNOWN = new Set<string>(['FREQ', 'UNTIL', 'COUNT', 'INTERVAL', 'BYDAY', 'WKST', ...Object.keys(RANGES)]);

export interface RuleParts {
  freq: Frequency;
  /** Each part's value as given, upper-cased, by name. */
  text: ReadonlyMap<PartName, string>;
  numbers: Partial<Record<PartName, number[]>>;
  /** BYDAY entries: the ordinal (0 when none) and the weekday. */
  byDay?: Array<{ ordinal: number; weekday: string }>;
}

type Fail = (part: string, description: string) => never;

/** Splits and checks the parts; throws 190002 naming `field` on the first fault. */
export function readParts(text: string, field: string, value: string): RuleParts {
  const fail: Fail = (part, description) => {
    throw invalid(field, `${part}: ${description}`, value);
  };
  const byName = new Map<PartName, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).toUpperCase();
    const body = part.slice(eq + 1).toUpperCase();
    if (eq <= 0 || body === '') fail(part || '(empty)', 'each rule part is NAME=VALUE, separated by ";"');
    if (!KNOWN.has(name)) fail(name, 'is not an RFC 5545 rule part');
    if (byName.has(name as PartName)) fail(name, 'may appear only once (RFC 5545 §3.3.10)');
    byName.set(name as PartName, body);
  }
  const freq = byName.get('FREQ');
  if (freq === undefined) fail('FREQ', 'is required');
  if (!(FREQUENCIES as readonly string[]).includes(freq!)) fail('FREQ', `must be one of ${FREQUENCIES.join(', ')}`);
  const parts: RuleParts = { freq: freq as Frequency, text: byName, numbers: {} };
  for (const [name, body] of byName) readValue(parts, name, body, fail);
  checkCombinations(parts, fail);
  return parts;
}

function readValue(parts: RuleParts, name: PartName, body: string, fail: Fail): void {
  if (name === 'INTERVAL' && !/^0*[1-9]\d{0,3}$/.test(body)) fail(name, 'must be a positive integer up to 9999');
  if (name === 'COUNT' && !/^0*[1-9]\d{0,5}$/.test(body)) fail(name, 'must be a positive integer up to 999999');
  if (name === 'WKST' && !(WEEKDAYS as readonly string[]).includes(body)) fail(name, 'must be a weekday: SU, MO, TU, WE, TH, FR or SA');
  if (name === 'BYDAY') parts.byDay = readList(name, body, fail).map((item) => readWeekday(item, fail));
  const range = RANGES[name];
  if (range) parts.numbers[name] = readList(name, body, fail).map((item) => readNumber(name, item, range, fail));
}

function readList(name: string, body: string, fail: Fail): string[] {
  const items = body.split(',');
  if (items.some((item) => item === '')) fail(name, 'is a comma-separated list without empty items');
  if (new Set(items).size !== items.length) fail(name, 'lists a value twice');
  return items;
}

function readNumber(name: string, item: string, range: { min: number; max: number; signed: boolean }, fail: Fail): number {
  const pattern = range.signed ? /^[+-]?\d{1,3}$/ : /^\d{1,2}$/;
  const value = Number(item);
  if (!pattern.test(item) || Math.abs(value) < range.min || Math.abs(value) > range.max || (!range.signed && value < 0)) {
    fail(name, `${item} is out of range: ${range.signed ? `±${range.min} to ±${range.max}` : `${range.min} to ${range.max}`}`);
  }
  return value;
}

function readWeekday(item: string, fail: Fail): { ordinal: number; weekday: string } {
  const match = /^([+-]?)(\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/.exec(item);
  if (!match) fail('BYDAY', `${item} is not a weekday, optionally numbered (1MO, -1FR)`);
  const ordinal = match![2] === undefined ? 0 : Number(match![2]) * (match![1] === '-' ? -1 : 1);
  if (match![2] !== undefined && (ordinal === 0 || Math.abs(ordinal) > 53)) fail('BYDAY', `${item}: the number must be ±1 to ±53`);
  return { ordinal, weekday: match![3]! };
}

/** Which parts go with which FREQ, and with each other (RFC 5545 §3.3.10, the notes under the grammar). */
function checkCombinations(parts: RuleParts, fail: Fail): void {
  const { freq, text, numbers } = parts;
  if (text.has('COUNT') && text.has('UNTIL')) fail('COUNT', 'and UNTIL may not both appear');
  if (numbers.BYWEEKNO && freq !== 'YEARLY') fail('BYWEEKNO', 'is allowed only with FREQ=YEARLY');
  if (numbers.BYYEARDAY && freq !== 'YEARLY') fail('BYYEARDAY', 'is not allowed with FREQ=DAILY, WEEKLY or MONTHLY');
  if (numbers.BYMONTHDAY && freq === 'WEEKLY') fail('BYMONTHDAY', 'is not allowed with FREQ=WEEKLY');
  const numbered = (parts.byDay ?? []).filter((d) => d.ordinal !== 0);
  if (numbered.length > 0) {
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') fail('BYDAY', 'a numbered weekday (such as 1MO) is allowed only with FREQ=MONTHLY or YEARLY');
    if (numbers.BYWEEKNO) fail('BYDAY', 'a numbered weekday is not allowed together with BYWEEKNO');
    // Within a month (MONTHLY, or YEARLY with BYMONTH) there are at most five of each weekday.
    const inMonth = freq === 'MONTHLY' || numbers.BYMONTH !== undefined;
    if (inMonth && numbered.some((d) => Math.abs(d.ordinal) > 5)) fail('BYDAY', 'a month holds at most five of each weekday: ±1 to ±5');
  }
  if (text.has('BYSETPOS') && ![...text.keys()].some((name) => name.startsWith('BY') && name !== 'BYSETPOS')) {
    fail('BYSETPOS', 'must be used together with another BYxxx rule part');
  }
  const times = ['BYHOUR', 'BYMINUTE', 'BYSECOND'].reduce((product, name) => product * (numbers[name as PartName]?.length ?? 1), 1);
  if (times > MAX_TIMES_A_DAY) fail('BYHOUR', `BYHOUR × BYMINUTE × BYSECOND pick ${times} times a day; at most ${MAX_TIMES_A_DAY}`);
}
