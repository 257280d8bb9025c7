/**
 * Event ids (events.md §2.2): `{seriesId}_{originalTime}`, the series id a
 * lowercase UUID shared by a series' master and its exceptions. The event's
 * iCalendar UID is another thing (model.ts): a client's, of any form, or for
 * events Feishu clients create the series id again.
 */
import { DomainError } from '../errors.js';
import { randomIds, type IdSource } from '../ids.js';

export interface ParsedEventId {
  seriesId: string;
  originalTime: number;
}

const EVENT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{1,11})$/;

/** A new series id; also the uid of an event whose client sends none. */
export function newEventUid(ids: IdSource = randomIds): string {
  return ids.eventUid();
}

export function eventIdOf(seriesId: string, originalTime: number): string {
  return `${seriesId}_${originalTime}`;
}

/** 193000 for anything that is not `{uuid}_{digits}`. */
export function parseEventId(eventId: string): ParsedEventId {
  const match = EVENT_ID.exec(eventId);
  if (!match) throw new DomainError('invalid:event_id');
  return { seriesId: match[1]!, originalTime: Number(match[2]) };
}

export function masterIdOf(eventId: string): string {
  return eventIdOf(parseEventId(eventId).seriesId, 0);
}
