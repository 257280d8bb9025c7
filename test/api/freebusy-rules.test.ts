/**
 * What counts as busy (calendars.md §5.4), one rule a row. Each row sets up one
 * situation on Alice's primary calendar (Asia/Shanghai) on a day of its own,
 * then reads her free/busy for that day with only_busy true and false.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { CHAT, EVEREST, steps, users } from './attendees-support.js';
import { createEvent, DAY, HOUR, MONDAY, sharedCalendar, timed } from './events-queries-support.js';

type As = ReturnType<typeof lark.withUserAccessToken>;
/** An item as `[start, end, rsvp]` with times as "+08:00" wall clock `MM-DD hh:mm`. */
type Row = [string, string, string];

interface Ctx {
  server: TestServer;
  s: ReturnType<typeof steps>;
  alice: As;
  bob: As;
  /** 00:00 Asia/Shanghai of the row's own day. */
  day: number;
}

interface Rule {
  name: string;
  setup(ctx: Ctx): Promise<void>;
  onlyBusy: Row[];
  all: Row[];
}

const at = (day: number, hours: number) => timed(day + hours * HOUR, day + (hours + 1) * HOUR);

async function invite(ctx: Ctx, data: Record<string, unknown> = {}): Promise<string> {
  const id = await createEvent(ctx.server, 'primary', { summary: 'From Bob', ...at(ctx.day, 10), ...data }, ctx.bob);
  const added = await ctx.s.add(ctx.bob, id, users('alice'));
  assert.equal(added.code, 0);
  return id;
}

async function reply(ctx: Ctx, eventId: string, rsvp_status: 'accept' | 'decline' | 'tentative') {
  const res = await ctx.s.v4().calendarEvent.reply({ path: { calendar_id: 'primary', event_id: eventId }, data: { rsvp_status } }, ctx.alice);
  assert.equal(res.code, 0);
}

const ten: Row = ['10:00', '11:00', 'accept'];

const RULES: Rule[] = [
  { name: 'an event Alice organizes is busy, accepted', setup: async (c) => void (await createEvent(c.server, 'primary', at(c.day, 10), c.alice)), onlyBusy: [ten], all: [ten] },
  {
    name: 'an event marked free is left out with only_busy, listed without',
    setup: async (c) => void (await createEvent(c.server, 'primary', { ...at(c.day, 10), free_busy_status: 'free' }, c.alice)),
    onlyBusy: [], all: [ten],
  },
  {
    name: "the owner's own free mark on an invitation counts",
    setup: async (c) => {
      const id = await invite(c);
      await reply(c, id, 'accept');
      const res = await c.s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: id }, data: { free_busy_status: 'free' } }, c.alice);
      assert.equal(res.code, 0);
    },
    onlyBusy: [], all: [ten],
  },
  { name: 'an unanswered invitation is busy, needs_action', setup: async (c) => void (await invite(c)), onlyBusy: [['10:00', '11:00', 'needs_action']], all: [['10:00', '11:00', 'needs_action']] },
  { name: 'a tentative reply is busy, tentative', setup: async (c) => reply(c, await invite(c), 'tentative'), onlyBusy: [['10:00', '11:00', 'tentative']], all: [['10:00', '11:00', 'tentative']] },
  { name: 'an accepted invitation is busy, accept', setup: async (c) => reply(c, await invite(c), 'accept'), onlyBusy: [ten], all: [ten] },
  { name: 'a declined invitation is not busy; listed as decline without only_busy', setup: async (c) => reply(c, await invite(c), 'decline'), onlyBusy: [], all: [['10:00', '11:00', 'decline']] },
  {
    name: 'an invitation through a chat is busy, needs_action',
    setup: async (c) => {
      const id = await createEvent(c.server, 'primary', at(c.day, 10), c.bob);
      assert.equal((await c.s.add(c.bob, id, [{ type: 'chat', chat_id: CHAT }])).code, 0);
    },
    onlyBusy: [['10:00', '11:00', 'needs_action']], all: [['10:00', '11:00', 'needs_action']],
  },
  {
    name: 'an attendee removed from the event is free again',
    setup: async (c) => {
      const id = await invite(c);
      const res = await c.s.v4().calendarEventAttendee.batchDelete({
        path: { calendar_id: 'primary', event_id: id }, params: { user_id_type: 'user_id' }, data: { delete_ids: [{ type: 'user', user_id: 'alice' }] },
      }, c.bob);
      assert.equal(res.code, 0);
    },
    onlyBusy: [], all: [],
  },
  { name: 'a private event is busy (items carry no details)', setup: async (c) => void (await createEvent(c.server, 'primary', { ...at(c.day, 10), visibility: 'private' }, c.alice)), onlyBusy: [ten], all: [ten] },
  {
    name: 'a deleted event is gone',
    setup: async (c) => {
      const id = await createEvent(c.server, 'primary', at(c.day, 10), c.alice);
      await c.s.v4().calendarEvent.delete({ path: { calendar_id: 'primary', event_id: id } }, c.alice);
    },
    onlyBusy: [], all: [],
  },
  {
    name: 'a series is expanded; a moved occurrence counts at its new time, a cancelled one not at all',
    setup: async (c) => {
      // Hourly from 08:00, four times (FREQ=HOURLY is refused: a daily rule at four hours); the 09:00 one moves to 15:00, the 10:00 one is cancelled.
      const id = await createEvent(c.server, 'primary', { ...timed(c.day + 8 * HOUR, c.day + 8.5 * HOUR), recurrence: 'FREQ=DAILY;BYHOUR=8,9,10,11;COUNT=4' }, c.alice);
      const uid = id.slice(0, -2);
      await c.s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: `${uid}_${c.day + 9 * HOUR}` }, data: timed(c.day + 15 * HOUR, c.day + 16 * HOUR) }, c.alice);
      await c.s.v4().calendarEvent.delete({ path: { calendar_id: 'primary', event_id: `${uid}_${c.day + 10 * HOUR}` } }, c.alice);
    },
    onlyBusy: [['08:00', '08:30', 'accept'], ['11:00', '11:30', 'accept'], ['15:00', '16:00', 'accept']],
    all: [['08:00', '08:30', 'accept'], ['11:00', '11:30', 'accept'], ['15:00', '16:00', 'accept']],
  },
  {
    name: 'items keep their own times: not clipped to the window',
    setup: async (c) => void (await createEvent(c.server, 'primary', timed(c.day - 2 * HOUR, c.day + 2 * HOUR), c.alice)),
    onlyBusy: [['22:00', '02:00', 'accept']], all: [['22:00', '02:00', 'accept']],
  },
  {
    name: 'adjacent and overlapping events are separate items: nothing is merged',
    setup: async (c) => {
      await createEvent(c.server, 'primary', at(c.day, 10), c.alice);
      await createEvent(c.server, 'primary', at(c.day, 11), c.alice);
      await createEvent(c.server, 'primary', timed(c.day + 10.5 * HOUR, c.day + 11.5 * HOUR), c.alice);
    },
    onlyBusy: [ten, ['10:30', '11:30', 'accept'], ['11:00', '12:00', 'accept']],
    all: [ten, ['10:30', '11:30', 'accept'], ['11:00', '12:00', 'accept']],
  },
  {
    name: "an all-day event covers the day in the owner's zone",
    setup: async (c) => {
      const date = new Date((c.day + 8 * HOUR) * 1000).toISOString().slice(0, 10);
      await createEvent(c.server, 'primary', { start_time: { date }, end_time: { date } }, c.alice);
    },
    onlyBusy: [['00:00', '00:00', 'accept']], all: [['00:00', '00:00', 'accept']],
  },
  {
    name: 'time-off is busy: it is an event on the primary calendar (calendars.md §6)',
    setup: async (c) => {
      const res = await c.server.client().calendar.v4.timeoffEvent.create({
        params: { user_id_type: 'user_id' },
        data: { user_id: 'alice', timezone: 'Asia/Shanghai', start_time: String(c.day + 13 * HOUR), end_time: String(c.day + 17 * HOUR) },
      });
      assert.equal(res.code, 0);
    },
    onlyBusy: [['13:00', '17:00', 'accept']], all: [['13:00', '17:00', 'accept']],
  },
  {
    name: 'events on other calendars Alice owns do not count',
    setup: async (c) => {
      const shared = await sharedCalendar(c.server, c.alice, 'Side project');
      await createEvent(c.server, shared, at(c.day, 10), c.alice);
    },
    onlyBusy: [], all: [],
  },
];

for (const dialect of DIALECTS) {
  describe(`free/busy rules (${dialect})`, () => {
    let server: TestServer;
    let ctx: Omit<Ctx, 'day'>;
    before(async () => {
      server = await startServer({ dialect });
      const s = steps(() => server);
      ctx = { server, s, alice: await s.as('alice'), bob: await s.as('bob') };
    });
    after(() => server.close());

    const read = async (day: number, onlyBusy: boolean): Promise<Row[]> => {
      const res = await server.client().calendar.v4.freebusy.list({
        params: { user_id_type: 'user_id' },
        data: { time_min: iso(day), time_max: iso(day + DAY), user_id: 'alice', only_busy: onlyBusy, need_rsvp_status: true },
      });
      assert.equal(res.code, 0);
      return res.data!.freebusy_list!.map((i) => [clock(i.start_time), clock(i.end_time), i.rsvp_status!]);
    };

    RULES.forEach((rule, i) => {
      test(rule.name, async () => {
        const day = MONDAY + (40 + 2 * i) * DAY;
        await rule.setup({ ...ctx, day });
        assert.deepEqual(await read(day, true), rule.onlyBusy, 'only_busy: true');
        assert.deepEqual(await read(day, false), rule.all, 'only_busy: false');
      });
    });

    test('a meeting room is busy while booked, even when the organizer shows free', async () => {
      const day = MONDAY + 10 * DAY;
      const s = ctx.s;
      const id = await createEvent(server, 'primary', { ...at(day, 14), free_busy_status: 'free' }, ctx.bob);
      assert.equal((await s.add(ctx.bob, id, [{ type: 'resource', room_id: EVEREST }])).code, 0);
      const res = await server.client().calendar.v4.freebusy.list({ data: { time_min: iso(day), time_max: iso(day + DAY), room_id: EVEREST, need_rsvp_status: true } });
      assert.deepEqual(res.data!.freebusy_list, [{ start_time: iso(day + 14 * HOUR), end_time: iso(day + 15 * HOUR), rsvp_status: 'accept' }]);
    });
  });
}

/** `+08:00` RFC 3339 of UTC seconds. */
function iso(seconds: number): string {
  return `${new Date((seconds + 8 * HOUR) * 1000).toISOString().slice(0, 19)}+08:00`;
}

function clock(text: string): string {
  assert.match(text, /\+08:00$/);
  return text.slice(11, 16);
}
