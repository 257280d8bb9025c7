/**
 * Page and sync tokens of the event list (events.md §3.4, §2.10). A page token
 * also remembers the anchor of an anchored traversal, so a client that sends
 * `anchor_time` only with the first page still gets consistent pages. What the
 * tokens start with is the adapter's (ListTokenPrefixes).
 */
import { decodeCursor, encodeCursor, type Cursor } from '../../paging.js';

export interface ListTokenPrefixes {
  page: string;
  sync: string;
}

export interface PagePosition extends Cursor {
  anchor?: number;
}

/** An anchored traversal's pages say so after the page prefix: `A{anchor}_`. */
const ANCHORED = /^A(\d{1,11})_/;

export function encodePageToken(prefix: string, position: PagePosition): string {
  const { anchor, ...cursor } = position;
  return encodeCursor(anchor === undefined ? prefix : `${prefix}A${anchor}_`, cursor);
}

export function decodePageToken(prefix: string, token: string, now: number): PagePosition {
  const anchored = token.startsWith(prefix) ? ANCHORED.exec(token.slice(prefix.length)) : null;
  if (!anchored) return decodeCursor(prefix, token, now);
  return { ...decodeCursor(prefix + anchored[0], token, now), anchor: Number(anchored[1]) };
}

/** A sync token is the change-log head a complete traversal was cut at. */
export function encodeSyncToken(prefix: string, head: number, now: number): string {
  return encodeCursor(prefix, { offset: 0, head, issuedAt: now });
}

export function decodeSyncToken(prefix: string, token: string, now: number): number {
  return decodeCursor(prefix, token, now).head;
}
