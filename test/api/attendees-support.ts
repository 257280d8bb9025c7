/** Shared steps of the attendee, room and meeting tests: events made through the SDK, ids of fixture people. */
import type * as lark from '@larksuiteoapi/node-sdk';
import { openIdFor } from '../../src/core/ids.js';
import { ACME, APPS } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';

export const CHAT = 'oc_0123456789abcdef0123456789abcdef';
export const EVEREST = 'omm_83d09ad4f6896e02029a6a075f71c9d1';
export type Ability = 'none' | 'can_see_others' | 'can_invite_others' | 'can_modify_event';
type As = ReturnType<typeof lark.withUserAccessToken>;

export function steps(server: () => TestServer) {
  const v4 = () => server().client().calendar.v4;
  const user = async (userId: string) => (await server().store.tenancy.findUserByUserId(ACME, userId))!;
  let slot = 0;
  return {
    v4,
    user,
    as: (userId: string) => server().asUser(userId),
    openId: async (userId: string) => openIdFor(APPS.full.app_id, (await user(userId)).ref),
    /** A primary calendar id, as its owner sees it. */
    primaryOf: async (userId: string) => (await server().store.calendars.primaryOf(`user:${(await user(userId)).ref}`))!.calendarId,
    /** A fresh hour nobody else uses, so room bookings of different tests never meet. */
    nextHour: () => 1_900_000_000 + 7200 * slot++,
    async event(as: As, data: { summary?: string; ability?: Ability; start?: number; hours?: number; recurrence?: string; calendarId?: string } = {}) {
      const start = data.start ?? 1_800_000_000;
      const res = await v4().calendarEvent.create({
        path: { calendar_id: data.calendarId ?? 'primary' },
        data: {
          summary: data.summary ?? 'Planning', start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600 * (data.hours ?? 1)) },
          ...(data.ability && { attendee_ability: data.ability }), ...(data.recurrence && { recurrence: data.recurrence }),
        },
      }, as);
      return res.data!.event!.event_id!;
    },
    async add(as: As | undefined, eventId: string, attendees: Array<Record<string, unknown>>, calendarId = 'primary') {
      return v4().calendarEventAttendee.create({ path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id' }, data: { attendees } }, as);
    },
    async list(as: As | undefined, eventId: string, calendarId = 'primary', params: Record<string, unknown> = {}) {
      return v4().calendarEventAttendee.list({ path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id', ...params } }, as);
    },
  };
}

export const users = (...ids: string[]) => ids.map((user_id) => ({ type: 'user' as const, user_id }));
