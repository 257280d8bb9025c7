/**
 * Opaque page and sync tokens. They carry a position and the change-log head
 * they were cut at, plus when they were issued, so stale ones expire (190008).
 * What a list's tokens start with, and how large its pages may be, is the
 * protocol's: each adapter passes its own (PageRequest).
 */
import { DomainError } from './errors.js';

export interface Cursor {
  /** Offset into the result set. */
  offset: number;
  /** Change-log head when the traversal began. */
  head: number;
  /** For incremental traversals: the sync point the pages are relative to. */
  since?: number;
  issuedAt: number;
}

/** One page of a list as an adapter asks for it. */
export interface PageRequest {
  /** Items per page, already within the protocol's limits. */
  size: number;
  /** The client's page token; absent or '' for the first page. */
  token?: string;
  /** What this list's tokens start with (the adapter's choice); a token without it is foreign: 190008. */
  prefix: string;
}

const SYNC_TOKEN_LIFETIME_MS = 90 * 24 * 3600 * 1000;

export function encodeCursor(prefix: string, cursor: Cursor): string {
  const packed = [cursor.offset, cursor.head, cursor.since ?? -1, cursor.issuedAt].map((n) => n.toString(36)).join('.');
  return `${prefix}${Buffer.from(packed).toString('base64url')}`;
}

/** Decodes a token this server issued with `prefix`; anything else is stale or foreign: 190008. */
export function decodeCursor(prefix: string, token: string, now: number): Cursor {
  const expired = new DomainError('gone:page_token');
  if (!token.startsWith(prefix) || token.length > prefix.length + 200) throw expired;
  const parts = Buffer.from(token.slice(prefix.length), 'base64url').toString().split('.');
  if (parts.length !== 4) throw expired;
  const [offset, head, since, issuedAt] = parts.map((p) => (/^-?[0-9a-z]{1,12}$/.test(p) ? parseInt(p, 36) : NaN)) as [number, number, number, number];
  if ([offset, head, since, issuedAt].some((n) => !Number.isSafeInteger(n)) || offset < 0 || head < 0) throw expired;
  if (now - issuedAt > SYNC_TOKEN_LIFETIME_MS || issuedAt > now + 60_000) throw expired;
  return { offset, head, issuedAt, ...(since >= 0 && { since }) };
}
