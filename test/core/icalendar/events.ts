/** Event rows for codec tests: what the core stores, built the way the core builds them. */
import { contentForCreate, spanOf, type EventInput } from '../../../src/core/events/input.js';
import { eventIdOf } from '../../../src/core/events/ids.js';
import type { Attendee, CalendarEvent } from '../../../src/core/events/model.js';

export const SERIES_ID = '0c2a5f4e-1b7d-4e59-9a43-2f1d8c3b6e70';

export function eventRow(input: EventInput, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  const content = contentForCreate(input);
  const { firstStart, lastEnd } = spanOf(content);
  return {
    ...content, eventId: eventIdOf(SERIES_ID, 0), seriesId: SERIES_ID, uid: input.uid ?? SERIES_ID, originalTime: 0,
    tenantKey: 'acme', organizerCalendarId: 'feishu.cn_alice@group.calendar.feishu.cn', organizer: 'user:alice',
    status: 'confirmed', isException: false, createTime: 1767225600, version: 7, firstStart, lastEnd, ...extra,
  };
}

/** An exception of `master` at `originalTime`, edited by `input`. */
export function exceptionRow(master: CalendarEvent, originalTime: number, input: EventInput, extra: Partial<CalendarEvent> = {}): CalendarEvent {
  return eventRow({ ...input, uid: master.uid }, { eventId: eventIdOf(SERIES_ID, originalTime), originalTime, isException: true, ...extra });
}

export function attendeeRow(extra: Partial<Attendee>): Attendee {
  return {
    eventId: eventIdOf(SERIES_ID, 0), attendeeId: 'user_1', type: 'user', userRef: null, chatId: null, roomId: null, email: null,
    rsvpStatus: 'needs_action', isOptional: false, isOrganizer: false, isExternal: false, displayName: '', operateRef: null,
    approvalReason: '', resourceCustomization: [], removed: false, seq: 1, ...extra,
  };
}
