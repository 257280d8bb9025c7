/**
 * Compile-time check (run by `tsc --noEmit` in `npm test`): what larkcal's
 * response schemas promise must be assignable to what the official SDK declares
 * for the same responses, so a renamed or retyped field breaks the build.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Static } from '@sinclair/typebox';
import type { CalendarJson } from '../src/adapters/open-api/schemas/calendar.js';
import type { ChatMemberJson } from '../src/adapters/open-api/routes/attendees.js';
import type { FreebusyItem } from '../src/adapters/open-api/routes/freebusy.js';
import type { TimeoffJson } from '../src/adapters/open-api/routes/timeoff.js';
import type { ExchangeBindingJson } from '../src/adapters/open-api/routes/exchange-bindings.js';
import type { AttendeeJson, EventJson } from '../src/adapters/open-api/schemas/event.js';

type V4 = lark.Client['calendar']['v4'];
type DataOf<F extends (...args: never[]) => Promise<{ data?: unknown }>> = NonNullable<Awaited<ReturnType<F>>['data']>;

type Assignable<From, To> = From extends To ? true : never;
const ok = <T extends true>(value: T) => value;

type Calendar = Static<typeof CalendarJson>;
type Event = Static<typeof EventJson>;

export const checks = [
  ok<Assignable<Calendar, DataOf<V4['calendar']['get']>>>(true),
  ok<Assignable<{ calendar: Calendar }, DataOf<V4['calendar']['create']>>>(true),
  ok<Assignable<{ calendar: Calendar }, DataOf<V4['calendar']['patch']>>>(true),
  ok<Assignable<{ calendar_list: Calendar[]; has_more: boolean; page_token: string; sync_token: string }, DataOf<V4['calendar']['list']>>>(true),
  ok<Assignable<{ calendars: Calendar[] }, DataOf<V4['calendar']['mget']>>>(true),
  ok<Assignable<{ event: Event }, DataOf<V4['calendarEvent']['create']>>>(true),
  ok<Assignable<{ event: Event }, DataOf<V4['calendarEvent']['get']>>>(true),
  ok<Assignable<{ items: Event[]; has_more: boolean }, DataOf<V4['calendarEvent']['list']>>>(true),
  ok<Assignable<{ attendees: Static<typeof AttendeeJson>[] }, DataOf<V4['calendarEventAttendee']['create']>>>(true),
  ok<Assignable<{ items: Static<typeof AttendeeJson>[]; has_more: boolean; page_token: string }, DataOf<V4['calendarEventAttendee']['list']>>>(true),
  ok<Assignable<{ items: Static<typeof ChatMemberJson>[]; has_more: boolean; page_token: string }, DataOf<V4['calendarEventAttendeeChatMember']['list']>>>(true),
  ok<Assignable<{ freebusy_list: Static<typeof FreebusyItem>[] }, DataOf<V4['freebusy']['list']>>>(true),
  ok<Assignable<Static<typeof TimeoffJson>, DataOf<V4['timeoffEvent']['create']>>>(true),
  ok<Assignable<Static<typeof ExchangeBindingJson>, DataOf<V4['exchangeBinding']['create']>>>(true),
  ok<Assignable<Static<typeof ExchangeBindingJson>, DataOf<V4['exchangeBinding']['get']>>>(true),
];
