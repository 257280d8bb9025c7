/** Shared helpers of the event read tests (list, search, instances, instance_view). */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Attendee } from '../../src/core/events/model.js';
import type { TestServer } from '../support/server.js';

type Options = Parameters<lark.Client['calendar']['v4']['calendarEvent']['create']>[1];
export type EventData = NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['create']>[0]>['data'];

/** 2025-03-10 00:00 Asia/Shanghai (a Monday). */
export const MONDAY = 1741536000;
export const HOUR = 3600;
export const DAY = 86400;

export function timed(start: number, end: number, timezone = 'Asia/Shanghai') {
  return { start_time: { timestamp: String(start), timezone }, end_time: { timestamp: String(end), timezone } };
}

export async function primaryOf(server: TestServer, as?: Options): Promise<string> {
  const res = await server.client().calendar.v4.calendar.primary({}, as);
  return res.data!.calendars![0]!.calendar!.calendar_id;
}

export async function sharedCalendar(server: TestServer, as?: Options, summary = 'Team'): Promise<string> {
  return (await server.client().calendar.v4.calendar.create({ data: { summary } }, as)).data!.calendar!.calendar_id;
}

export async function createEvent(server: TestServer, calendarId: string, data: Partial<NonNullable<EventData>>, as?: Options): Promise<string> {
  const res = await server.client().calendar.v4.calendarEvent.create({
    path: { calendar_id: calendarId },
    data: { summary: 'Event', ...timed(MONDAY + 9 * HOUR, MONDAY + 10 * HOUR), ...data } as NonNullable<EventData>,
  }, as);
  if (res.code !== 0) throw new Error(`create failed: ${JSON.stringify(res)}`);
  return res.data!.event!.event_id!;
}

let seq = 1000;

/** Puts an attendee row straight into storage (the attendee endpoints are tested on their own). */
export async function putAttendee(server: TestServer, eventId: string, attendee: Partial<Attendee> & Pick<Attendee, 'type'>): Promise<void> {
  seq++;
  await server.store.attendees.put({
    eventId, attendeeId: `${attendee.type}_${seq}`, userRef: null, chatId: null, roomId: null, email: null, rsvpStatus: 'accept',
    isOptional: false, isOrganizer: false, isExternal: false, displayName: '', operateRef: null, approvalReason: '', resourceCustomization: [],
    removed: false, seq, ...attendee,
  });
}
