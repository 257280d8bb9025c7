/**
 * Random RRULE texts for the property tests: mostly well-formed rule parts
 * whose values stray in and out of RFC 5545 §3.3.10's ranges, in any
 * combination with any FREQ (the finer ones Feishu does not offer included),
 * sometimes lower-case, prefixed, or plain junk. Shaped so that a good share
 * is accepted and the rest is refused for every kind of reason.
 */
import fc from 'fast-check';

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

const list = (item: fc.Arbitrary<string>, max = 4) => fc.array(item, { minLength: 1, maxLength: max }).map((items) => items.join(','));
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);

const weekday = fc.tuple(fc.option(fc.integer({ min: -55, max: 55 }), { freq: 2 }), fc.constantFrom(...DAYS))
  .map(([n, day]) => `${n === null ? '' : n}${day}`);

const until = fc.tuple(fc.integer({ min: 2019, max: 2060 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.option(fc.integer({ min: 0, max: 25 })))
  .map(([y, m, d, h]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${h === null ? '' : `T${String(h).padStart(2, '0')}0000Z`}`);

const PARTS: Record<string, fc.Arbitrary<string>> = {
  INTERVAL: int(0, 12),
  COUNT: int(0, 3000),
  UNTIL: until,
  BYDAY: list(weekday),
  BYMONTHDAY: list(int(-33, 33)),
  BYYEARDAY: list(int(-368, 368), 3),
  BYWEEKNO: list(int(-54, 54), 3),
  BYMONTH: list(int(0, 13), 3),
  BYSETPOS: list(int(-370, 370), 2),
  BYHOUR: list(int(0, 24), 3),
  BYMINUTE: list(int(0, 60), 2),
  BYSECOND: list(int(0, 61), 2),
  WKST: fc.constantFrom(...DAYS, 'XX'),
};

const freq = fc.constantFrom('DAILY', 'DAILY', 'WEEKLY', 'WEEKLY', 'MONTHLY', 'MONTHLY', 'YEARLY', 'YEARLY', 'HOURLY', 'MINUTELY', 'SECONDLY', 'FORTNIGHTLY');

const wellFormed = fc.tuple(freq, fc.subarray(Object.keys(PARTS), { maxLength: 4 }).chain((names) => fc.tuple(...names.map((name) => PARTS[name]!.map((value) => `${name}=${value}`)))))
  .map(([f, parts]) => [`FREQ=${f}`, ...parts]);

/** An RRULE value, or something a client might send as one. */
export const ruleText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: wellFormed.map((parts) => parts.join(';')) },
  { weight: 2, arbitrary: wellFormed.chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length })).map((parts) => parts.join(';')) },
  { weight: 1, arbitrary: wellFormed.map((parts) => `RRULE:${parts.join(';').toLowerCase()}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
