/**
 * One field spoiled at a time: the values, and where they go. A value is a
 * JSON value, or raw JSON text (`{ raw }`) for what JSON.stringify cannot
 * write: numbers past a double, lone surrogates, duplicate keys.
 */
import type { Rng } from './random.js';
import type { Json } from './samples.js';

export type Mutant = { label: string; value: Json } | { label: string; raw: string };

/** Nesting as text: JSON.stringify itself runs out of stack long before a parser should. */
const deep = (levels: number) => '{"a":['.repeat(levels) + '1' + ']}'.repeat(levels);

const GENERIC: Mutant[] = [
  { label: 'null', value: null },
  { label: 'number', value: 12345 },
  { label: 'bool', value: true },
  { label: 'empty string', value: '' },
  { label: 'string', value: 'fuzz' },
  { label: 'array', value: ['a', 1, null] },
  { label: 'empty array', value: [] },
  { label: 'object', value: { a: 1 } },
  { label: 'huge string 1 MB', value: 'x'.repeat(1024 * 1024) },
  { label: 'long string 10 KB', value: 'é'.repeat(10_000) },
  { label: 'long array 100k', value: Array.from({ length: 100_000 }, (_, i) => i % 7) },
  { label: 'deep 200', raw: deep(100) },
  { label: 'deep 10,000', raw: deep(5000) },
  { label: 'nul', value: 'a\u0000b' },
  { label: 'c0 controls', value: '\u0001\u0007\u001b[31m\u007f' },
  { label: 'emoji', value: '👩🏽‍💻🗓️' },
  { label: 'rtl and zero width', value: '\u202eevil\u200b\ufeff' },
  { label: 'combining', value: 'Z̸̢̛͔͍̈́a̶l̷g̸o̴' },
  { label: 'lone surrogate', raw: '"\\ud800x"' },
  { label: 'non-characters', value: '\uffff\ufffe' },
  { label: 'sql', value: "' OR 1=1; drop table events; --" },
  { label: 'html', value: '<script>alert(1)</script>' },
  { label: 'path', value: '../../../etc/passwd' },
  { label: 'proto key', raw: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}' },
  { label: 'zero', value: 0 },
  { label: '-0', raw: '-0' },
  { label: '-1', value: -1 },
  { label: 'int32 max+1', value: 2147483648 },
  { label: 'int32 min-1', value: -2147483649 },
  { label: '2^53+1', raw: '9007199254740993' },
  { label: '1e308', value: 1e308 },
  { label: '1e999', raw: '1e999' },
  { label: '-1e999', raw: '-1e999' },
  { label: 'fraction', value: 1.5 },
  { label: 'tiny', value: 5e-324 },
  { label: 'numeric string', value: '42' },
  { label: 'exponent string', value: '1e3' },
  { label: 'NaN string', value: 'NaN' },
  { label: 'unknown enum', value: 'not_a_known_value' },
  { label: 'upper enum', value: 'PUBLIC' },
  { label: 'padded', value: ' x ' },
];

/** Rules that parse and are hard, that parse and are wrong, and that do not parse. */
export const RRULES: string[] = [
  'FREQ=DAILY;BYDAY=1MO', 'FREQ=DAILY;BYDAY=-1FR', 'FREQ=WEEKLY;BYDAY=2TU', 'FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO', 'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR',
  'FREQ=SECONDLY', 'FREQ=MINUTELY;COUNT=100000', 'FREQ=HOURLY;INTERVAL=1', 'FREQ=DAILY;COUNT=2147483647', 'FREQ=DAILY;COUNT=0',
  'FREQ=DAILY;COUNT=-1', 'FREQ=DAILY;INTERVAL=0', 'FREQ=DAILY;INTERVAL=-5', 'FREQ=DAILY;INTERVAL=999999999',
  'FREQ=WEEKLY;UNTIL=99991231T235959Z', 'FREQ=DAILY;UNTIL=19000101T000000Z', 'FREQ=DAILY;UNTIL=garbage', 'FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z',
  'FREQ=DAILY;BYHOUR=25', 'FREQ=DAILY;BYMINUTE=61;BYSECOND=61', 'FREQ=MONTHLY;BYMONTHDAY=0', 'FREQ=MONTHLY;BYMONTHDAY=-32',
  'FREQ=YEARLY;BYYEARDAY=367', 'FREQ=WEEKLY;WKST=XX', 'FREQ=FORTNIGHTLY', 'FREQ=', '', ';;;', 'RRULE:FREQ=DAILY', 'FREQ=DAILY\nEXDATE:2020',
  'FREQ=DAILY;BYDAY=' + 'MO,'.repeat(5000) + 'MO', 'FREQ=DAILY;' + 'X-A=1;'.repeat(3000), 'freq=daily;count=2', 'FREQ=DAILY;FREQ=WEEKLY',
  'FREQ=MONTHLY;BYDAY=53MO', 'FREQ=YEARLY;BYSETPOS=366;BYDAY=MO', 'FREQ=DAILY;BYSETPOS=1', 'FREQ=DAILY;RSCALE=CHINESE;SKIP=FORWARD',
];

export const ZONES: string[] = [
  'Mars/Olympus_Mons', '', 'UTC', 'utc', 'Etc/GMT+14', 'Etc/GMT-14', 'UTC+8', '+08:00', 'GMT+25', 'EST5EDT', 'America/Argentina/ComodRivadavia',
  'Asia/Calcutta', 'Asia/Shanghai\u0000', '../../etc/localtime', 'Z'.repeat(5000), 'Europe/Berlin ', 'local', 'Antarctica/Troll',
];

export const TIMES: string[] = [
  '0', '-1', '-62135596800', '253402300800', '99999999999999999999', '1e10', '1800000000.5', '0x6B49D200', ' 1800000000', '1800000000 ',
  '2027-02-30', '2027-13-01', '0000-01-01', '9999-12-31', '2027-01-15T25:00:00+08:00', '2027-01-15T09:00:00+99:00', '2027-01-15T09:00:00',
  '2027-01-15 09:00:00Z', '2027-01-15T09:00:00.123456789Z', '+275760-09-13T00:00:00Z', 'yesterday', '１８００００００００',
];

/** A mutant for a field: a rule, zone or time where the name says so (half the time), else anything. */
export function mutantFor(field: string, rng: Rng): Mutant {
  const name = field.toLowerCase();
  if (rng.chance(0.5)) {
    if (/rrule|recurrence/.test(name)) return { label: 'rrule', value: rng.pick(RRULES) };
    if (/zone/.test(name)) return { label: 'zone', value: rng.pick(ZONES) };
    if (/time|date|timestamp|time_min|time_max/.test(name)) return { label: 'time', value: rng.pick(TIMES) };
  }
  return rng.pick(GENERIC);
}

export type Path = Array<string | number>;

/** Every field of a value: each object key and the first element of each array, depth first. */
export function fieldPaths(value: Json | undefined, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return at.length > 0 ? [at] : [];
  const own: Path[] = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return value.length > 0 ? [...own, ...fieldPaths(value[0], [...at, 0])] : own;
  return [...own, ...Object.entries(value).flatMap(([key, child]) => fieldPaths(child, [...at, key]))];
}

const MARK = '\u0000__fuzz_raw__\u0000';

/** The body as JSON text with the field at `path` replaced by the mutant (or removed, or an unknown field beside it). */
export function mutatedText(body: Json, path: Path, mutant: Mutant | 'remove' | 'unknown'): string {
  const copy = structuredClone(body);
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1]!;
  let parent: any = copy;
  for (const step of parentPath) parent = parent[step];
  if (mutant === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return JSON.stringify(copy);
  }
  if (mutant === 'unknown') {
    if (!Array.isArray(parent)) parent[`x_unknown_${String(last)}`] = { a: [1] };
    return JSON.stringify(copy);
  }
  if ('raw' in mutant) {
    parent[last] = MARK;
    return JSON.stringify(copy).replace(JSON.stringify(MARK), mutant.raw);
  }
  parent[last] = mutant.value;
  return JSON.stringify(copy);
}
