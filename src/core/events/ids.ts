/** Event ids (events.md §2.2): `{uid}_{originalTime}`, uid a lowercase UUID. */
import { DomainError } from '../errors.js';
import { randomIds, type IdSource } from '../ids.js';

export interface ParsedEventId {
  uid: string;
  originalTime: number;
}

const EVENT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_(\d{1,11})$/;

export function newEventUid(ids: IdSource = randomIds): string {
  return ids.eventUid();
}

export function eventIdOf(uid: string, originalTime: number): string {
  return `${uid}_${originalTime}`;
}

/** 193000 for anything that is not `{uuid}_{digits}`. */
export function parseEventId(eventId: string): ParsedEventId {
  const match = EVENT_ID.exec(eventId);
  if (!match) throw new DomainError('event_id_invalid');
  return { uid: match[1]!, originalTime: Number(match[2]) };
}

export function masterIdOf(eventId: string): string {
  return eventIdOf(parseEventId(eventId).uid, 0);
}
