/**
 * Feishu's lists: the prefixes its page and sync tokens start with, which
 * larkcal's imitate, and each list's documented page sizes. The core takes
 * them per request (core/paging.ts's PageRequest) and knows none of them.
 */
import { invalid } from '../../core/errors.js';
import type { PageRequest } from '../../core/paging.js';

interface ListPaging {
  prefix: string;
  /**
   * Documented default and bounds. Above the maximum is always 190002. Below the
   * minimum: `refuse` (190002) where the docs' validation table gives a value
   * range ("取值范围 50～1000"), `raise` where the page says smaller values are
   * read as the minimum ("values below 10 are treated as 10"). Lists documenting
   * a maximum only take 1 and up.
   */
  size: { min: number; max: number; fallback: number; below: 'refuse' | 'raise' };
}

export const LISTS = {
  /** Value range 50–1000, default 500. */
  calendars: { prefix: 'ListCalendarsPageToken_', size: { min: 50, max: 1000, fallback: 500, below: 'refuse' } },
  /** Default 20, maximum 50. */
  calendarSearch: { prefix: 'SearchCalendarsPageToken_', size: { min: 1, max: 50, fallback: 20, below: 'refuse' } },
  /** Default 20, at most 50; values below 10 are treated as 10 (acl list docs). */
  acls: { prefix: 'ListAclsPageToken_', size: { min: 10, max: 50, fallback: 20, below: 'raise' } },
  /** Value range 50–1000, default 500. */
  events: { prefix: 'ListEventsPageToken_', size: { min: 50, max: 1000, fallback: 500, below: 'refuse' } },
  /** "The minimum value is 10, and if fewer than 10, defaults to 10"; maximum 100. */
  eventSearch: { prefix: 'SearchEventsPageToken_', size: { min: 10, max: 100, fallback: 20, below: 'raise' } },
  /** Value range 10–500, default 50. */
  instances: { prefix: 'InstancesPageToken_', size: { min: 10, max: 500, fallback: 50, below: 'refuse' } },
  /** Default 20, at most 100, below 10 read as 10 (Chinese page). */
  attendees: { prefix: 'ListAttendeesPageToken_', size: { min: 10, max: 100, fallback: 20, below: 'raise' } },
  /** Default 20, at most 100. */
  chatMembers: { prefix: 'ListChatMembersPageToken_', size: { min: 1, max: 100, fallback: 20, below: 'refuse' } },
} as const satisfies Record<string, ListPaging>;

/** Sync tokens of the lists that have them. */
export const SYNC_PREFIXES = { calendars: 'ListCalendarsSyncToken_', events: 'ListEventsSyncToken_' } as const;

export function clampPageSize(value: number | undefined, bounds: ListPaging['size']): number {
  if (value === undefined) return bounds.fallback;
  if (value > bounds.max) throw invalid('page_size', `page_size must be at most ${bounds.max}`, value);
  if (value >= bounds.min) return value;
  if (bounds.below === 'raise') return bounds.min;
  throw invalid('page_size', `page_size must be between ${bounds.min} and ${bounds.max}`, value);
}

/** The page a request asks for of `list`, in the core's terms. */
export function pageOf(list: keyof typeof LISTS, size: number | undefined, token: string | undefined): PageRequest {
  const { prefix, size: bounds } = LISTS[list];
  return { size: clampPageSize(size, bounds), prefix, ...(token !== undefined && { token }) };
}
