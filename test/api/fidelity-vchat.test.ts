/**
 * Get Event / Get Event List, vchat.vc_type: "Video conference type, which can be empty, means that the
 * Lark video conference URL will be automatically generated when a event invitee is added for the first
 * time." (issue #15, point 1)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type * as lark from '@larksuiteoapi/node-sdk';
import { DIALECTS } from '../support/database.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps, users } from './attendees-support.js';

type Vchat = NonNullable<NonNullable<Parameters<lark.Client['calendar']['v4']['calendarEvent']['create']>[0]>['data']>['vchat'];

const URL = /^https:\/\/vc\.feishu\.cn\/j\/[1-9][0-9]{8}$/;
const START = 1_800_000_000;

for (const dialect of DIALECTS) {
  describe(`fidelity: generated meeting URL (${dialect})`, () => {
    let server: TestServer;
    const s = steps(() => server);
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    async function eventWith(vchat: Vchat | undefined, recurrence?: string) {
      const alice = await s.as('alice');
      const res = await s.v4().calendarEvent.create({
        path: { calendar_id: 'primary' },
        data: {
          summary: 'Sync', start_time: { timestamp: String(START) }, end_time: { timestamp: String(START + 3600) },
          ...(vchat && { vchat }), ...(recurrence && { recurrence }),
        },
      }, alice);
      return { alice, eventId: res.data!.event!.event_id!, created: res.data!.event! };
    }
    const get = async (eventId: string, as: Awaited<ReturnType<typeof s.as>>) =>
      (await s.v4().calendarEvent.get({ path: { calendar_id: 'primary', event_id: eventId } }, as)).data!.event!;
    const listed = async (eventId: string, as: Awaited<ReturnType<typeof s.as>>) =>
      (await s.v4().calendarEvent.list({ path: { calendar_id: 'primary' }, params: { page_size: 500 } }, as)).data!.items!.find((e) => e.event_id === eventId);

    test('an event without vc_type gets a vc meeting URL with its first invitee; on get and list; edits keep it', async () => {
      const { alice, eventId, created } = await eventWith(undefined);
      assert.equal(created.vchat, undefined);
      assert.equal((await get(eventId, alice)).vchat, undefined);

      await s.add(alice, eventId, users('bob'));
      const vchat = (await get(eventId, alice)).vchat!;
      assert.equal(vchat.vc_type, 'vc');
      assert.match(vchat.meeting_url!, URL);
      assert.deepEqual((await listed(eventId, alice))!.vchat, vchat);
      // The invitee sees the same meeting on their own calendar.
      assert.equal((await get(eventId, await s.as('bob'))).vchat!.meeting_url, vchat.meeting_url);

      // More invitees and edits keep the URL.
      await s.add(alice, eventId, users('carol'));
      const patched = await s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: eventId }, data: { summary: 'Sync (moved)', vchat: { vc_type: 'vc' } } }, alice);
      assert.equal(patched.data!.event!.vchat!.meeting_url, vchat.meeting_url);
      assert.equal((await get(eventId, alice)).vchat!.meeting_url, vchat.meeting_url);
    });

    test('vc_type vc works the same; a series shows one URL on every occurrence and exception', async () => {
      const { alice, eventId } = await eventWith({ vc_type: 'vc' }, 'FREQ=DAILY;COUNT=5');
      await s.add(alice, eventId, users('bob'));
      const url = (await get(eventId, alice)).vchat!.meeting_url!;
      assert.match(url, URL);
      const seriesId = eventId.slice(0, -2);
      const exceptionId = `${seriesId}_${START + 86400}`;
      const exception = await s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: exceptionId }, data: { summary: 'Second day' } }, alice);
      assert.deepEqual([exception.data!.event!.vchat!.vc_type, exception.data!.event!.vchat!.meeting_url], ['vc', url]);
      const instances = await s.v4().calendarEvent.instanceView({ path: { calendar_id: 'primary' }, params: { start_time: String(START - 3600), end_time: String(START + 5 * 86400) } }, alice);
      const occurrences = instances.data!.items!.filter((i) => i.event_id!.startsWith(seriesId));
      assert.equal(occurrences.length, 5);
      assert.deepEqual(new Set(occurrences.map((i) => i.vchat?.meeting_url)), new Set([url]));
      // Another event has another meeting.
      const other = await eventWith(undefined);
      await s.add(other.alice, other.eventId, users('bob'));
      assert.notEqual((await get(other.eventId, alice)).vchat!.meeting_url, url);
    });

    test('third_party keeps the given URL; no_meeting never gets one', async () => {
      const third = await eventWith({ vc_type: 'third_party', meeting_url: 'https://meet.example/abc', description: 'Join' });
      await s.add(third.alice, third.eventId, users('bob'));
      assert.deepEqual((await get(third.eventId, third.alice)).vchat, { vc_type: 'third_party', meeting_url: 'https://meet.example/abc', description: 'Join' });

      const none = await eventWith({ vc_type: 'no_meeting' });
      await s.add(none.alice, none.eventId, users('bob'));
      assert.deepEqual((await get(none.eventId, none.alice)).vchat, { vc_type: 'no_meeting' });

      // Switching a meeting with a generated URL to third_party drops it for the given one.
      const switched = await eventWith(undefined);
      await s.add(switched.alice, switched.eventId, users('bob'));
      await s.v4().calendarEvent.patch({ path: { calendar_id: 'primary', event_id: switched.eventId }, data: { vchat: { vc_type: 'third_party', meeting_url: 'https://meet.example/x' } } }, switched.alice);
      assert.equal((await get(switched.eventId, switched.alice)).vchat!.meeting_url, 'https://meet.example/x');
    });
  });
}
