/**
 * The journal (issue #12 §4): the last `--journal-size` Open API calls and
 * change-event delivery attempts, in memory, already redacted. A ring buffer:
 * the oldest entry goes when a new one comes.
 */

export type JournalKind = 'request' | 'delivery';

export interface DeliveryNote {
  event_id: string;
  event_type: string;
  /** The outbox's attempt number; null for an admin redelivery, which is no attempt of the outbox. */
  attempt: number | null;
  transport: 'webhook' | 'long_connection';
  ok: boolean;
  error: string | null;
  /** Where a webhook went, its query redacted. */
  url: string | null;
}

export interface JournalEntry {
  /** Rises by one per entry: `after=SEQ` follows the journal whatever the clock does. */
  seq: number;
  kind: JournalKind;
  /** RFC 3339, by the sandbox clock, when the call came in (or the attempt began). */
  at: string;
  method: string | null;
  /** Without the query. */
  path: string | null;
  /** The route pattern that served it (`/open-apis/calendar/v4/calendars/:calendar_id`), null for unknown paths. */
  route: string | null;
  query: Record<string, string | string[]>;
  /** HTTP status; for a delivery, the receiver's HTTP status or the long connection's ack code. */
  status: number | null;
  /** The envelope's `code`, when the answer had one. */
  code: number | null;
  /** The `X-Tt-Logid` the client saw. */
  log_id: string | null;
  app_id: string | null;
  /** The tenant's user_id of the caller, when a user token was used. */
  user_id: string | null;
  duration_ms: number;
  request_headers: Record<string, string>;
  request_body: unknown;
  response_headers: Record<string, string>;
  response_body: unknown;
  /** The id of the fault that answered, delayed or dropped it. */
  fault: string | null;
  delivery?: DeliveryNote;
}

export interface JournalFilter {
  limit: number;
  appId?: string;
  /** An exact path or a route pattern. */
  path?: string;
  /** An HTTP status, or a class such as `4xx`. */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx`;
  /** Entries at or after this instant (epoch ms). */
  since?: number;
  /** Entries after this sequence number. */
  after?: number;
}

export class Journal {
  private readonly entries: JournalEntry[] = [];
  /** Where the oldest entry sits once the buffer is full. */
  private start = 0;
  private nextSeq = 1;

  constructor(readonly size: number) {}

  record(entry: Omit<JournalEntry, 'seq'>): void {
    if (this.size === 0) return;
    const full: JournalEntry = { seq: this.nextSeq++, ...entry };
    if (this.entries.length < this.size) {
      this.entries.push(full);
      return;
    }
    this.entries[this.start] = full;
    this.start = (this.start + 1) % this.size;
  }

  /** Newest first. */
  list(filter: JournalFilter): JournalEntry[] {
    const found: JournalEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && found.length < filter.limit; i--) {
      const entry = this.entries[(this.start + i) % this.entries.length]!;
      if (filter.after !== undefined && entry.seq <= filter.after) break;
      if (matches(entry, filter)) found.push(entry);
    }
    return found;
  }
}

function matches(entry: JournalEntry, filter: JournalFilter): boolean {
  if (filter.appId !== undefined && entry.app_id !== filter.appId) return false;
  if (filter.path !== undefined && entry.path !== filter.path && entry.route !== filter.path) return false;
  if (filter.since !== undefined && Date.parse(entry.at) < filter.since) return false;
  if (typeof filter.status === 'number' && entry.status !== filter.status) return false;
  if (typeof filter.status === 'string' && (entry.status === null || String(entry.status)[0] !== filter.status[0])) return false;
  return true;
}
