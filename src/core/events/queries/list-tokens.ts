/**
 * Page and sync tokens of the event list (events.md §3.4, §2.10). A page token
 * also remembers the anchor of an anchored traversal, so a client that sends
 * `anchor_time` only with the first page still gets consistent pages.
 */
import { decodeCursor, encodeCursor, type Cursor } from '../../paging.js';

const PAGE = 'ListEventsPageToken_';
const SYNC = 'ListEventsSyncToken_';
const ANCHORED = /^ListEventsPageToken_A(\d{1,11})_/;

export interface PagePosition extends Cursor {
  anchor?: number;
}

export function encodePageToken(position: PagePosition): string {
  const prefix = position.anchor === undefined ? PAGE : `${PAGE}A${position.anchor}_`;
  const { anchor: _anchor, ...cursor } = position;
  return encodeCursor(prefix, cursor);
}

export function decodePageToken(token: string, now: number): PagePosition {
  const anchored = ANCHORED.exec(token);
  if (!anchored) return decodeCursor(PAGE, token, now);
  return { ...decodeCursor(anchored[0], token, now), anchor: Number(anchored[1]) };
}

/** A sync token is the change-log head a complete traversal was cut at. */
export function encodeSyncToken(head: number, now: number): string {
  return encodeCursor(SYNC, { offset: 0, head, issuedAt: now });
}

export function decodeSyncToken(token: string, now: number): number {
  return decodeCursor(SYNC, token, now).head;
}
