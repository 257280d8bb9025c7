/** The calendar list with its incremental sync (calendars.md §3.6), and search (§3.8). */
import { DomainError } from '../errors.js';
import { decodeCursor, encodeCursor, type PageRequest } from '../paging.js';
import type { Clock, Needs } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import type { CalendarView } from './model.js';
import { viewsOf } from './views.js';

export interface ListRequest {
  page: PageRequest;
  syncToken?: string;
  /** What sync tokens start with (the adapter's choice, as the page's prefix). */
  syncPrefix: string;
}

export interface CalendarPage {
  items: CalendarView[];
  hasMore: boolean;
  /** Only while `hasMore` ("Otherwise, page_token will not be returned"). */
  pageToken?: string;
  /** Only on the last page. */
  syncToken: string;
}

export class CalendarQueries {
  constructor(
    private readonly store: Needs<'calendars' | 'acls' | 'changes'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Full traversal pages through the subscribed calendars; its last page carries
   * a sync token (the change-log head when the traversal began). With a sync
   * token, only calendars whose row or membership changed come back, removals
   * as `is_deleted: true`.
   */
  async list(identity: Identity, request: ListRequest): Promise<CalendarPage> {
    const now = this.clock.now();
    const { size: pageSize, prefix } = request.page;
    const sync = request.syncToken !== undefined && request.syncToken !== '' ? decodeCursor(request.syncPrefix, request.syncToken, now) : undefined;
    const page = request.page.token ? decodeCursor(prefix, request.page.token, now) : undefined;
    // A page of a full traversal cannot continue an incremental one, nor the reverse (190009).
    if (page && (page.since !== undefined) !== (sync !== undefined)) throw new DomainError('conflict:sync_token');
    if (page && sync && page.since !== sync.head) throw new DomainError('conflict:sync_token');

    const me = identityKey(identity);
    const head = page?.head ?? (await this.store.changes.head(identity.tenantKey));
    const offset = page?.offset ?? 0;
    const pairs = sync
      ? await this.store.calendars.listChangedSince(me, sync.head, offset, pageSize + 1)
      : await this.store.calendars.listSubscribed(me, offset, pageSize + 1);
    const hasMore = pairs.length > pageSize;
    const items = await viewsOf(this.store, identity, pairs.slice(0, pageSize), true);
    const next = { offset: offset + pageSize, head, issuedAt: now, ...(sync && { since: sync.head }) };
    return {
      items,
      hasMore,
      ...(hasMore && { pageToken: encodeCursor(prefix, next) }),
      syncToken: hasMore ? '' : encodeCursor(request.syncPrefix, { offset: 0, head, issuedAt: now }),
    };
  }

  /** Public calendars and (for users) users' primary calendars whose title or description contains `query`. */
  async search(identity: Identity, query: string, page: PageRequest): Promise<{
    items: CalendarView[]; hasMore: boolean; pageToken?: string;
  }> {
    const now = this.clock.now();
    const { size, prefix } = page;
    const offset = page.token ? decodeCursor(prefix, page.token, now).offset : 0;
    const found = await this.store.calendars.search(identity.tenantKey, query, identity.kind === 'user', offset, size + 1);
    const hasMore = found.length > size;
    const shown = found.slice(0, size);
    const me = identityKey(identity);
    const memberships = await Promise.all(shown.map((c) => this.store.calendars.getMembership(c.calendarId, me)));
    const items = await viewsOf(this.store, identity, shown.map((c, i) => [c, memberships[i]]), false);
    return { items, hasMore, ...(hasMore && { pageToken: encodeCursor(prefix, { offset: offset + size, head: 0, issuedAt: now }) }) };
  }
}
