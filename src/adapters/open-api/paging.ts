/**
 * Feishu's lists: the prefixes its page and sync tokens start with, which
 * larkcal's imitate, and each list's documented page sizes. The core takes
 * them per request (core/paging.ts's PageRequest) and knows none of them.
 */
import type { PageRequest } from '../../core/paging.js';

interface ListPaging {
  prefix: string;
  /** Documented default and maximum; below the minimum reads as the minimum (Feishu's docs say so for several lists). */
  size: { min: number; max: number; fallback: number };
}

export const LISTS = {
  calendars: { prefix: 'ListCalendarsPageToken_', size: { min: 50, max: 1000, fallback: 500 } },
  calendarSearch: { prefix: 'SearchCalendarsPageToken_', size: { min: 1, max: 50, fallback: 20 } },
  /** Default 20, at most 50; values below 10 are treated as 10 (acl list docs). */
  acls: { prefix: 'ListAclsPageToken_', size: { min: 10, max: 50, fallback: 20 } },
  events: { prefix: 'ListEventsPageToken_', size: { min: 50, max: 1000, fallback: 500 } },
  eventSearch: { prefix: 'SearchEventsPageToken_', size: { min: 10, max: 100, fallback: 20 } },
  instances: { prefix: 'InstancesPageToken_', size: { min: 10, max: 500, fallback: 50 } },
  /** Default 20, at most 100, below 10 read as 10 (Chinese page). */
  attendees: { prefix: 'ListAttendeesPageToken_', size: { min: 10, max: 100, fallback: 20 } },
  /** Default 20, at most 100. */
  chatMembers: { prefix: 'ListChatMembersPageToken_', size: { min: 1, max: 100, fallback: 20 } },
} as const satisfies Record<string, ListPaging>;

/** Sync tokens of the lists that have them. */
export const SYNC_PREFIXES = { calendars: 'ListCalendarsSyncToken_', events: 'ListEventsSyncToken_' } as const;

export function clampPageSize(value: number | undefined, bounds: ListPaging['size']): number {
  if (value === undefined) return bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, value));
}

/** The page a request asks for of `list`, in the core's terms. */
export function pageOf(list: keyof typeof LISTS, size: number | undefined, token: string | undefined): PageRequest {
  const { prefix, size: bounds } = LISTS[list];
  return { size: clampPageSize(size, bounds), prefix, ...(token !== undefined && { token }) };
}
