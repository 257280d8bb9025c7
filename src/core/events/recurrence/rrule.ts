/**
 * RRULE values as Feishu takes them: the RFC 5545 value without the `RRULE:`
 * prefix (accepted on input, never emitted), at most 2000 characters, COUNT or
 * UNTIL but not both (events.md §2.4). Parsing is ical.js's.
 */
import ICAL from 'ical.js';
import { invalid } from '../../errors.js';

export type Until = { kind: 'utc'; seconds: number } | { kind: 'date'; date: string };

export interface ParsedRule {
  /** The value to store and emit: no prefix, UNTIL as given. */
  text: string;
  /** The rule ical.js iterates, without UNTIL (bounded by `until` here, in UTC). */
  recur: ICAL.Recur;
  until?: Until;
  count?: number;
}

const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const PART = /^[A-Z]+=[A-Za-z0-9,+\-:]+$/;

/**
 * Parsed rules by their text: reads expand the same stored rules again and
 * again. ical.js iterators copy what they need, so a parsed rule can be shared.
 */
const parsed = new Map<string, ParsedRule>();

export function parseRecurrence(value: string, field = 'recurrence'): ParsedRule {
  const cached = parsed.get(value);
  if (cached) return cached;
  const rule = parseUncached(value, field);
  if (parsed.size >= 5000) parsed.clear();
  parsed.set(value, rule);
  return rule;
}

function parseUncached(value: string, field: string): ParsedRule {
  const text = value.trim().replace(/^RRULE:/i, '');
  if (text.length > 2000) throw invalid(field, 'recurrence must be at most 2000 characters');
  const parts = text.split(';').filter((p) => p.length > 0);
  if (parts.length === 0 || parts.some((p) => !PART.test(p))) throw invalid(field, 'recurrence is not an RRULE value', value);
  const byName = new Map(parts.map((p) => [p.slice(0, p.indexOf('=')).toUpperCase(), p.slice(p.indexOf('=') + 1)]));
  if (byName.size !== parts.length) throw invalid(field, 'recurrence repeats a rule part', value);
  const freq = byName.get('FREQ');
  if (!freq || !FREQS.has(freq.toUpperCase())) throw invalid(field, 'recurrence needs FREQ=SECONDLY…YEARLY', value);
  if (byName.has('COUNT') && byName.has('UNTIL')) throw invalid(field, 'recurrence takes COUNT or UNTIL, not both', value);

  let until: Until | undefined;
  const untilText = byName.get('UNTIL');
  if (untilText !== undefined) until = parseUntil(untilText, field);
  let count: number | undefined;
  const countText = byName.get('COUNT');
  if (countText !== undefined) {
    count = Number(countText);
    if (!/^\d{1,6}$/.test(countText) || count < 1) throw invalid(field, 'COUNT must be a positive integer', countText);
  }
  const iterable = parts.filter((p) => !/^UNTIL=/i.test(p)).join(';');
  let recur: ICAL.Recur;
  try {
    recur = ICAL.Recur.fromString(iterable);
  } catch (error) {
    throw invalid(field, `recurrence is not a valid RRULE: ${(error as Error).message}`, value);
  }
  const interval = byName.get('INTERVAL');
  if (interval !== undefined && (!/^\d{1,4}$/.test(interval) || Number(interval) < 1)) throw invalid(field, 'INTERVAL must be a positive integer', interval);
  return { text, recur, ...(until && { until }), ...(count !== undefined && { count }) };
}

function parseUntil(text: string, field: string): Until {
  const dateTime = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (dateTime) {
    const [y, mo, d, h, mi, s] = dateTime.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    if (!Number.isFinite(ms) || new Date(ms).getUTCDate() !== d) throw invalid(field, 'UNTIL is not a valid date-time', text);
    return { kind: 'utc', seconds: ms / 1000 };
  }
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (date) {
    const [y, mo, d] = date.slice(1).map(Number) as [number, number, number];
    const ms = Date.UTC(y, mo - 1, d);
    if (new Date(ms).getUTCDate() !== d) throw invalid(field, 'UNTIL is not a valid date', text);
    return { kind: 'date', date: `${date[1]}-${date[2]}-${date[3]}` };
  }
  // A floating UNTIL (no Z) is read as UTC, the only form Feishu documents besides date-only.
  const floating = /^(\d{8}T\d{6})$/.exec(text);
  if (floating) return parseUntil(`${floating[1]}Z`, field);
  throw invalid(field, 'UNTIL must be YYYYMMDD or YYYYMMDDThhmmssZ', text);
}
