/**
 * Change events by webhook, end to end (platform.md §8, §10; issue #9): real
 * API calls through the SDK cause them, the outbox delivers them, and the
 * SDK's own EventDispatcher behind adaptDefault receives them, decrypting and
 * checking signatures as it does against Feishu.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fixture, FixtureApp } from '../../src/core/tenancy/fixture.js';
import { openIdFor } from '../../src/core/ids.js';
import { DIALECTS } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startServer, type TestServer } from '../support/server.js';
import { steps, users } from './attendees-support.js';

const ENCRYPT_KEY = 'larkcal-test-encrypt-key';
const TOKEN = 'vt_full_0123456789';

/** The test fixture, with event configuration on three apps. */
function fixtureWith(events: Partial<Record<'full' | 'nobot' | 'readonly', FixtureApp['events']>>): Fixture {
  const fixture = testFixture();
  for (const app of fixture.tenants[0]!.apps!) {
    const name = (Object.keys(APPS) as Array<keyof typeof APPS>).find((n) => APPS[n].app_id === app.app_id);
    const config = name && (events as Record<string, FixtureApp['events']>)[name];
    if (config) app.events = config;
  }
  return fixture;
}

for (const dialect of DIALECTS) {
  describe(`change events by webhook (${dialect})`, () => {
    let server: TestServer;
    let secure: Receiver;
    let plain: Receiver;
    let narrow: Receiver;
    const s = steps(() => server);
    const v4 = () => server.client().calendar.v4;
    const nobot = () => server.client('nobot').calendar.v4;
    const userRef = async (userId: string) => (await s.user(userId)).ref;
    /** The user as `app` sees them: with `user_id` only when it holds the employee-id field scope. */
    const reference = async (userId: string, app: keyof typeof APPS = 'full', withUserId = true) => {
      const user = await s.user(userId);
      return { union_id: user.unionId, ...(withUserId && { user_id: user.userId }), open_id: openIdFor(APPS[app].app_id, user.ref) };
    };
    /**
     * Closes every open merge window: event changes wait 3 s for the changes that
     * follow (§10.3). The changes made so far are fanned out first, or one made
     * just before the jump would count as made after it.
     */
    const closeWindows = async () => {
      await server.delivery!.catchUp();
      server.clock.advance(3100);
    };

    /** Waits until nothing is left to deliver: no change unread, no delivery pending or failed, none in flight. */
    const quiet = async () => {
      for (let i = 0; i < 500; i++) {
        await server.delivery!.catchUp();
        await server.delivery!.settled();
        const open = [...await server.store.deliveries.list({ status: 'pending', limit: 1 }), ...await server.store.deliveries.list({ status: 'failed', limit: 1 })];
        if (open.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('deliveries never settled');
    };

    before(async () => {
      [secure, plain, narrow] = await Promise.all([startReceiver({ encryptKey: ENCRYPT_KEY, verificationToken: TOKEN }), startReceiver(), startReceiver()]);
      server = await startServer({
        dialect,
        fixture: fixtureWith({
          full: { delivery: 'webhook', request_url: secure.url, encrypt_key: ENCRYPT_KEY, verification_token: TOKEN },
          nobot: { delivery: 'webhook', request_url: plain.url, types: ['calendar.calendar.event.changed_v4'] },
          readonly: { delivery: 'webhook', request_url: narrow.url },
        }),
        delivery: { retrySchedule: [200, 200], pollMs: 10 },
      });
    });
    after(async () => {
      await server.close();
      await Promise.all([secure.close(), plain.close(), narrow.close()]);
    });

    test('the URL-verification challenge is sent when the URL is configured, and its answer recorded', async () => {
      const checks = async () => Promise.all([APPS.full, APPS.nobot, APPS.readonly].map(async (a) => (await server.store.appEvents.get(a.app_id))!.urlCheck));
      for (let i = 0; i < 200 && (await checks()).includes('pending'); i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal((await server.store.appEvents.get(APPS.full.app_id))!.urlCheck, 'answered');
      assert.equal((await server.store.appEvents.get(APPS.nobot.app_id))!.urlCheck, 'answered');
      assert.equal((await server.store.appEvents.get(APPS.nobot.app_id))!.verificationToken.length, 32, 'generated when absent');
    });

    test('calendar.calendar.changed_v4: the subscriber creates a calendar', async () => {
      const alice = await s.as('alice');
      await v4().calendar.subscription({}, alice);
      await v4().calendar.create({ data: { summary: 'Launch' } }, alice);
      const [received] = await secure.waitFor(1, 'calendar.calendar.changed_v4');
      const { event_id, create_time, ...rest } = received!.data;
      assert.match(event_id, /^[0-9a-f]{32}$/);
      assert.match(create_time, /^\d{13}$/);
      assert.deepEqual(rest, {
        schema: '2.0', event_type: 'calendar.calendar.changed_v4', token: TOKEN, app_id: APPS.full.app_id, tenant_key: (await s.user('alice')).tenantKey,
        user_id_list: [await reference('alice')],
      });
      assert.equal(plain.of('calendar.calendar.changed_v4').length, 0, 'the plain app does not take this type');
    });

    test('calendar.calendar.changed_v4: an update reaches those who hold the calendar in their list, and no one else', async () => {
      const [alice, carol] = [await s.as('alice'), await s.as('carol')];
      await v4().calendar.subscription({}, carol);
      const carolUnion = (await s.user('carol')).unionId;
      const forCarol = () => secure.of('calendar.calendar.changed_v4').filter((e) => e.data.user_id_list.some((u: { union_id: string }) => u.union_id === carolUnion));
      const calendarId = (await v4().calendar.create({ data: { summary: 'Team', permissions: 'public' } }, alice)).data!.calendar!.calendar_id!;
      const other = (await v4().calendar.create({ data: { summary: 'Not hers', permissions: 'public' } }, alice)).data!.calendar!.calendar_id!;
      await v4().calendar.subscribe({ path: { calendar_id: calendarId } }, carol);
      await waitUntil(() => forCarol().length >= 1);
      await v4().calendar.patch({ path: { calendar_id: other }, data: { summary: 'Still not hers' } }, alice);
      await v4().calendar.patch({ path: { calendar_id: calendarId }, data: { summary: 'Team, renamed' } }, alice);
      await waitUntil(() => forCarol().length >= 2);
      await quiet();
      assert.equal(forCarol().length, 2, 'her subscribing, then the update of a calendar in her list; not the other calendar');
      // One event for the app, naming every subscriber of its who holds the calendar: its owner and carol.
      const listed = forCarol()[1]!.data.user_id_list as Array<Record<string, string>>;
      assert.deepEqual([...listed].sort((a, b) => a.union_id!.localeCompare(b.union_id!)), [await reference('alice'), await reference('carol')].sort((a, b) => a.union_id.localeCompare(b.union_id)));
      await v4().calendar.unsubscription({}, carol);
    });

    test('acl.created_v4 and acl.deleted_v4 on the subscribed calendar, with the grantee', async () => {
      const alice = await s.as('alice');
      const calendarId = (await v4().calendar.create({ data: { summary: 'Shared' } }, alice)).data!.calendar!.calendar_id!;
      await v4().calendarAcl.subscription({ path: { calendar_id: calendarId } }, alice);
      const acl = await v4().calendarAcl.create({ path: { calendar_id: calendarId }, params: { user_id_type: 'user_id' }, data: { role: 'writer', scope: { type: 'user', user_id: 'bob' } } }, alice);
      const aclId = acl.data!.acl_id!;
      const [created] = await secure.waitFor(1, 'calendar.calendar.acl.created_v4');
      const body = { acl_id: aclId, role: 'writer', scope: { type: 'user', user_id: await reference('bob') }, user_id_list: [await reference('alice')] };
      assert.deepEqual(pick(created!.data, Object.keys(body)), body);
      assert.equal(created!.data.calendar_id, undefined, 'the payload carries no calendar_id (§10.2)');
      await v4().calendarAcl.delete({ path: { calendar_id: calendarId, acl_id: aclId } }, alice);
      const [deleted] = await secure.waitFor(1, 'calendar.calendar.acl.deleted_v4');
      assert.deepEqual(pick(deleted!.data, Object.keys(body)), body);
    });

    test('event.changed_v4: create, update, delete, each after its window, by both apps', async () => {
      const alice = await s.as('alice');
      const aliceByNobot = await server.asUser('alice', 'nobot');
      const primary = await s.primaryOf('alice');
      await v4().calendarEvent.subscription({ path: { calendar_id: primary } }, alice);
      await nobot().calendarEvent.subscription({ path: { calendar_id: primary } }, aliceByNobot);
      const before = secure.of('calendar.calendar.event.changed_v4').length;
      const eventId = await s.event(alice, { summary: 'Kick-off' });
      await closeWindows();
      const [created] = (await secure.waitFor(before + 1, 'calendar.calendar.event.changed_v4')).slice(before);
      assert.deepEqual(pick(created!.data, ['calendar_id', 'calendar_event_id', 'change_type', 'user_id_list']), {
        calendar_id: primary, calendar_event_id: eventId, change_type: 'create', user_id_list: [await reference('alice')],
      });
      const [plainCreated] = await plain.waitFor(1, 'calendar.calendar.event.changed_v4');
      assert.deepEqual(pick(plainCreated!.data, ['app_id', 'calendar_event_id', 'change_type', 'user_id_list']), {
        app_id: APPS.nobot.app_id, calendar_event_id: eventId, change_type: 'create', user_id_list: [await reference('alice', 'nobot')],
      }, 'ids in the receiving app\'s id space');
      assert.notEqual(plainCreated!.data.user_id_list[0].open_id, created!.data.user_id_list[0].open_id);

      await v4().calendarEvent.patch({ path: { calendar_id: primary, event_id: eventId }, data: { summary: 'Kick-off (moved)' } }, alice);
      await closeWindows();
      const updated = (await secure.waitFor(before + 2, 'calendar.calendar.event.changed_v4'))[before + 1]!;
      assert.deepEqual([updated.data.calendar_event_id, updated.data.change_type], [eventId, 'update']);
      await v4().calendarEvent.delete({ path: { calendar_id: primary, event_id: eventId } }, alice);
      await closeWindows();
      const deleted = (await secure.waitFor(before + 3, 'calendar.calendar.event.changed_v4'))[before + 2]!;
      assert.deepEqual([deleted.data.calendar_event_id, deleted.data.change_type], [eventId, 'delete']);
      assert.notEqual(deleted.data.event_id, updated.data.event_id);
    });

    test('event.changed_v4: an invited attendee sees create, their RSVP, and delete when removed', async () => {
      const [alice, bob] = [await s.as('alice'), await s.as('bob')];
      const bobPrimary = await s.primaryOf('bob');
      await v4().calendarEvent.subscription({ path: { calendar_id: bobPrimary } }, bob);
      const onBob = () => secure.of('calendar.calendar.event.changed_v4').filter((e) => e.data.calendar_id === bobPrimary);
      const eventId = await s.event(alice, { summary: 'Review' });
      await s.add(alice, eventId, users('bob'));
      await closeWindows();
      await waitUntil(() => onBob().length >= 1);
      assert.deepEqual(pick(onBob()[0]!.data, ['calendar_event_id', 'change_type']), { calendar_event_id: eventId, change_type: 'create' });

      await v4().calendarEvent.reply({ path: { calendar_id: bobPrimary, event_id: eventId }, data: { rsvp_status: 'tentative' } }, bob);
      await v4().calendarEvent.reply({ path: { calendar_id: bobPrimary, event_id: eventId }, data: { rsvp_status: 'accept' } }, bob);
      await closeWindows();
      await waitUntil(() => onBob().length >= 2);
      assert.deepEqual(pick(onBob()[1]!.data, ['calendar_event_id', 'change_type', 'rsvp_infos']), {
        calendar_event_id: eventId, change_type: 'rsvp', rsvp_infos: [{ from_user_id: await reference('bob'), rsvp_status: 'accept' }],
      }, 'several RSVPs in one window: the last');

      const attendees = (await s.list(alice, eventId)).data!.items!;
      const bobAttendee = attendees.find((a) => a.user_id === 'bob')!;
      await v4().calendarEventAttendee.batchDelete({ path: { calendar_id: 'primary', event_id: eventId }, data: { attendee_ids: [bobAttendee.attendee_id!] } }, alice);
      await closeWindows();
      await waitUntil(() => onBob().length >= 3);
      assert.deepEqual(pick(onBob()[2]!.data, ['calendar_event_id', 'change_type']), { calendar_event_id: eventId, change_type: 'delete' });
    });

    test('merge windows: create+update → create; update+update → one update; create+delete → nothing', async () => {
      const carol = await s.as('carol');
      const primary = await s.primaryOf('carol');
      await v4().calendarEvent.subscription({ path: { calendar_id: primary } }, carol);
      const onCarol = () => secure.of('calendar.calendar.event.changed_v4').filter((e) => e.data.calendar_id === primary);
      const patch = (eventId: string, summary: string) => v4().calendarEvent.patch({ path: { calendar_id: primary, event_id: eventId }, data: { summary } }, carol);

      const kept = await s.event(carol, { summary: 'one' });
      await patch(kept, 'one, edited');
      const gone = await s.event(carol, { summary: 'two' });
      await v4().calendarEvent.delete({ path: { calendar_id: primary, event_id: gone } }, carol);
      await closeWindows();
      await waitUntil(() => onCarol().length >= 1);
      await patch(kept, 'one, again');
      await patch(kept, 'one, and again');
      await closeWindows();
      await waitUntil(() => onCarol().length >= 2);
      await server.delivery!.settled();
      assert.deepEqual(onCarol().map((e) => [e.data.calendar_event_id, e.data.change_type]), [[kept, 'create'], [kept, 'update']]);
      const stored = await server.store.deliveries.list({ appId: APPS.full.app_id, limit: 1000 });
      assert.equal(stored.filter((d) => d.event.calendar_event_id === gone).length, 0, 'create then delete leaves nothing to deliver');
    });

    test('user_id only with the employee-id field scope', async () => {
      const alice = await server.asUser('alice', 'readonly');
      await server.client('readonly').calendar.v4.calendar.subscription({}, alice);
      await v4().calendar.create({ data: { summary: 'Narrow' } }, await s.as('alice'));
      const [received] = await narrow.waitFor(1, 'calendar.calendar.changed_v4');
      assert.deepEqual(received!.data.user_id_list, [await reference('alice', 'readonly', false)]);
    });

    test('a receiver answering 500 gets the same event again, until it answers 200', async () => {
      const dave = await s.as('dave');
      await v4().calendar.subscription({}, dave);
      await quiet();
      secure.failNext = 2;
      await v4().calendar.create({ data: { summary: 'Retried' } }, dave);
      const daveUnion = (await s.user('dave')).unionId;
      const mine = () => secure.of('calendar.calendar.changed_v4').filter((e) => e.data.user_id_list[0].union_id === daveUnion);
      await waitUntil(() => mine().length > 0);
      const eventId = mine()[0]!.data.event_id as string;
      await quiet();
      assert.equal((await server.store.deliveries.get(eventId))!.status, 'delivered');
      const attempts = await server.store.deliveries.attemptsOf([eventId]);
      assert.deepEqual(attempts.map((a) => [a.attempt, a.ok, a.code]), [[1, false, 500], [2, false, 500], [3, true, 200]], 'the same event_id each time');
      assert.equal(mine().length, 1);
    });

    test('unsubscribing stops delivery', async () => {
      const zedless = await s.as('bob');
      await v4().calendar.subscription({}, zedless);
      await v4().calendar.unsubscription({}, zedless);
      const before = secure.of('calendar.calendar.changed_v4').length;
      await v4().calendar.create({ data: { summary: 'Quiet' } }, zedless);
      await server.delivery!.tick();
      await server.delivery!.settled();
      const bobUnion = (await s.user('bob')).unionId;
      assert.equal(secure.of('calendar.calendar.changed_v4').slice(before).filter((e) => e.data.user_id_list.some((u: { union_id: string }) => u.union_id === bobUnion)).length, 0);
      assert.ok(await userRef('bob'));
    });
  });
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));
}

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
