/** Reading property values ical.js leaves raw (X- properties), and the JSON larkcal writes into them. */
import type ICAL from 'ical.js';
import { ICalendarError } from './errors.js';

/** TEXT unescaping (RFC 5545 §3.3.11) for values ical.js types as `unknown`. */
export function unescapeText(text: string): string {
  return text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A TEXT property's value: ical.js unescapes known TEXT properties, not X- ones. */
export function textOf(component: ICAL.Component, name: string): string | undefined {
  const prop = component.getFirstProperty(name);
  if (!prop) return undefined;
  const raw = prop.jCal[3];
  const text = typeof raw === 'string' ? raw : String(raw ?? '');
  return prop.type === 'unknown' ? unescapeText(text) : text;
}

/** A JSON X- property, checked to be of the expected shape; a malformed one is refused, never half-read. */
export function jsonOf<T>(component: ICAL.Component, name: string, uid: string, valid: (value: unknown) => value is T): T | undefined {
  const text = textOf(component, name);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ICalendarError('invalid_property', `${name.toUpperCase()} is not JSON`, uid, name.toUpperCase());
  }
  if (!valid(value)) throw new ICalendarError('invalid_property', `${name.toUpperCase()} does not hold what larkcal writes there`, uid, name.toUpperCase());
  return value;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isObjectArray = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.every(isObject);
