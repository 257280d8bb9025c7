/**
 * Compile-time check (run by `tsc --noEmit` in `npm test`): what larkcal's
 * response schemas promise must be assignable to what the official SDK declares
 * for the same responses, so a renamed or retyped field breaks the build.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Static } from '@sinclair/typebox';
import type { CalendarJson } from '../src/adapters/open-api/schemas/calendar.js';
import type { EventJson } from '../src/adapters/open-api/schemas/event.js';

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
];
