/**
 * Incremental sync after DELETE …?delete_exception=true (events.md §2.2, §2.10, §3.4): the
 * destroyed exception comes back once as a cancelled item on every calendar it showed on;
 * full traversals and GET no longer know it; an exception made again under the same id wins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps, users } from './attendees-support.js';
import { DAY, HOUR, MONDAY, timed } from './events-queries-support.js';

type As = Awaited<ReturnType<TestServer['asUser']>>;
type Params = NonNullable<NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['list']>[0]>['params']>;

const START = MONDAY + 9 * HOUR;

for (const dialect of DIALECTS) {
  describe(`incremental sync after delete_exception (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());
    const s = steps(() => server);
    const ev = () => s.v4().calendarEvent;

    async function traverse(calendarId: string, as: As, params: Params = {}) {
      const items: NonNullable<NonNullable<Awaited<ReturnType<ReturnType<typeof ev>['list']>>['data']>['items']> = [];
      let pageToken: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const res = await ev().list({ path: { calendar_id: calendarId }, params: { ...params, ...(pageToken && { page_token: pageToken }) } }, as);
        items.push(...(res.data!.items ?? []));
        if (!res.data!.has_more) return { items, syncToken: res.data!.sync_token! };
        pageToken = res.data!.page_token;
      }
      throw new Error('endless paging');
    }

    /** Alice's daily series with bob attending; its second occurrence moved to 14:00 (an exception). */
    async function seriesWithException(calendarId = 'primary') {
      const alice = await s.as('alice');
      const created = await ev().create({ path: { calendar_id: calendarId }, data: { summary: 'Standup', ...timed(START, START + 1800), recurrence: 'FREQ=DAILY;COUNT=5' } }, alice);
      const master = created.data!.event!.event_id!;
      await s.add(alice, master, users('bob'), calendarId);
      const exceptionId = `${master.slice(0, -2)}_${START + DAY}`;
      const moved = timed(START + DAY + 5 * HOUR, START + DAY + 6 * HOUR);
      const patched = await ev().patch({ path: { calendar_id: calendarId, event_id: exceptionId }, data: { summary: 'Standup (moved)', ...moved } }, alice);
      assert.equal(patched.data!.event!.is_exception, true);
      return { alice, master, exceptionId, moved };
    }

    const destroy = (as: As, eventId: string, calendarId = 'primary') =>
      ev().delete({ path: { calendar_id: calendarId, event_id: eventId }, params: { delete_exception: true } as never }, as);

    test('a destroyed exception reaches sync tokens on the organizer and attendee calendars as a cancelled item', async () => {
      const { alice, master, exceptionId, moved } = await seriesWithException();
      const bob = await s.as('bob');
      const before = { alice: (await traverse('primary', alice)).syncToken, bob: (await traverse('primary', bob)).syncToken };
      assert.equal((await destroy(alice, exceptionId)).code, 0);

      for (const as of [alice, bob]) {
        const token = as === alice ? before.alice : before.bob;
        const { items } = await traverse('primary', as, { sync_token: token });
        const item = items.find((e) => e.event_id === exceptionId)!;
        assert.ok(item, 'the destroyed exception comes back');
        assert.equal(items.filter((e) => e.event_id === exceptionId).length, 1);
        assert.equal(item.status, 'cancelled');
        assert.equal(item.is_exception, true);
        assert.equal(item.recurring_event_id, master);
        assert.deepEqual(item.start_time, moved.start_time);
        assert.deepEqual(item.end_time, moved.end_time);
      }

      // Full traversals and GET do not know it any more; the next sync token has nothing left to say.
      const full = await traverse('primary', alice);
      assert.ok(!full.items.some((e) => e.event_id === exceptionId));
      assert.equal((await sdkFailure(ev().get({ path: { calendar_id: 'primary', event_id: exceptionId } }, alice))).body.code, 193001);
      const after = await traverse('primary', alice, { sync_token: full.syncToken });
      assert.deepEqual(after.items, []);
    });

    test('an exception made again under the same id is not shadowed by its tombstone', async () => {
      const { alice, exceptionId } = await seriesWithException();
      const beforeDestroy = (await traverse('primary', alice)).syncToken;
      await destroy(alice, exceptionId);
      const afterDestroy = (await traverse('primary', alice)).syncToken;
      const again = await ev().patch({ path: { calendar_id: 'primary', event_id: exceptionId }, data: { summary: 'Standup (again)' } }, alice);
      assert.equal(again.data!.event!.event_id, exceptionId);

      for (const token of [beforeDestroy, afterDestroy]) {
        const { items } = await traverse('primary', alice, { sync_token: token });
        const mine = items.filter((e) => e.event_id === exceptionId);
        assert.equal(mine.length, 1);
        assert.equal(mine[0]!.status, 'confirmed');
        assert.equal(mine[0]!.summary, 'Standup (again)');
      }
      // Destroyed a second time, the tombstone speaks again.
      const beforeSecond = (await traverse('primary', alice)).syncToken;
      await destroy(alice, exceptionId);
      const { items } = await traverse('primary', alice, { sync_token: beforeSecond });
      assert.deepEqual(items.filter((e) => e.event_id === exceptionId).map((e) => e.status), ['cancelled']);
    });

    test('paging runs from the changed events on into the tombstones', async () => {
      const alice = await s.as('alice');
      const calendarId = (await s.v4().calendar.create({ data: { summary: 'Paged' } }, alice)).data!.calendar!.calendar_id;
      const { exceptionId } = await seriesWithException(calendarId);
      const token = (await traverse(calendarId, alice)).syncToken;
      await destroy(alice, exceptionId, calendarId);
      // 50 changed events fill the first page exactly; the tombstone follows on the second.
      for (let i = 0; i < 50; i++) {
        await ev().create({ path: { calendar_id: calendarId }, data: { summary: `E${i}`, ...timed(START + 10 * DAY + i * HOUR, START + 10 * DAY + i * HOUR + 1800) } }, alice);
      }
      // Without anchor_time there are no page tokens (Get Event List): the changes come in one page.
      const whole = await ev().list({ path: { calendar_id: calendarId }, params: { sync_token: token, page_size: 50 } }, alice);
      assert.deepEqual([whole.data!.items!.length, whole.data!.has_more, 'page_token' in whole.data!], [51, false, false]);
      assert.equal(whole.data!.items!.at(-1)!.event_id, exceptionId);
      // An anchor at the epoch keeps every change and pages.
      const first = await ev().list({ path: { calendar_id: calendarId }, params: { sync_token: token, page_size: 50, anchor_time: '0' } }, alice);
      assert.equal(first.data!.items!.length, 50);
      assert.equal(first.data!.has_more, true);
      const second = await ev().list({ path: { calendar_id: calendarId }, params: { sync_token: token, page_size: 50, page_token: first.data!.page_token! } }, alice);
      assert.deepEqual(second.data!.items!.map((e) => [e.event_id, e.status]), [[exceptionId, 'cancelled']]);
      assert.equal(second.data!.has_more, false);
      assert.ok(second.data!.sync_token);
    });
  });
}
