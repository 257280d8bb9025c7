/**
 * The events table's `content` column: what the organizer sets, as JSON
 * carrying its format version. Rows are written in the current version and
 * read through one decoder per version, so a row written long ago still
 * reads as the same event (test/storage/event-format.test.ts).
 */
import type { CalendarEvent, EventContent } from '../../core/events/model.js';
import { fromV1, type ContentV1 } from './event-content-v1.js';
import { fromV2, toV2, type ContentV2 } from './event-content-v2.js';

/** What the row's own columns say of the event; the content says the rest. */
export type EventColumns = Omit<CalendarEvent, keyof EventContent>;

export function decodeEvent(json: string, columns: EventColumns): CalendarEvent {
  const stored = JSON.parse(json) as ContentV2 | (ContentV1 & { v?: undefined });
  switch (stored.v) {
    case undefined:
      return fromV1(stored, columns);
    case 2:
      return fromV2(stored, columns);
    default:
      // A row from a newer larkcal: reading it as an older version would drop what it says.
      throw new Error(`events.content: unknown format version ${String((stored as { v: unknown }).v)}`);
  }
}

export function encodeContent(content: EventContent): string {
  return JSON.stringify(toV2(content));
}
