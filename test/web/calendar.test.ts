/**
 * The web calendar in Chromium (issue #13 §4): sign in through the real OAuth
 * page, the week with the seeded events, the toolbar's date picker, create by
 * dragging with an attendee and a found room, the rooms' capacity and floor,
 * the attendee accepts in their own browser, a group attendee's members, a
 * series moved for one occurrence then edited for all, a series with
 * exceptions deleted (all; this and following), subscribe through search, a
 * colleague's free/busy, sign out. Each step is checked on screen and through
 * the SDK; axe-core runs on each main screen; screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserMissing, chooseTenant, ensureWebBuilt, launchBrowser, screenshot, seriousViolations, signIn } from '../support/browser.js';
import { DIALECTS } from '../support/database.js';
import { openIdFor } from '../../src/core/ids.js';
import { ACME, APPS } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

/** Wednesday 11 March 2026, 10:00 in Shanghai: the week shown is Monday 9 – Sunday 15. */
const NOW = Date.parse('2026-03-11T02:00:00Z');
const at = (iso: string) => String(Date.parse(iso) / 1000);
const ZONE = 'Asia/Shanghai';
/** The fixture's chat of Alice and Bob. */
const CHAT = 'oc_0123456789abcdef0123456789abcdef';

for (const dialect of DIALECTS) {
  describe(`web calendar in Chromium (${dialect})`, { skip: browserMissing }, () => {
    let server: TestServer;
    let browser: Browser;
    let alice: BrowserContext;
    let page: Page;
    const ids = { alicePrimary: '', bobPrimary: '', offsite: '', standup: '' };
    const v4 = () => server.client().calendar.v4;
    const as = (userId: string) => server.asUser(userId);
    const create = async (userId: string, calendarId: string, data: Record<string, unknown>) =>
      (await v4().calendarEvent.create({ path: { calendar_id: calendarId }, data: data as never }, await as(userId))).data!.event!.event_id!;

    before(async () => {
      ensureWebBuilt();
      server = await startServer({ dialect, web: true });
      server.clock.freeze(NOW);
      const primaryOf = async (userId: string) => (await v4().calendar.primary({}, await as(userId))).data!.calendars![0]!.calendar!.calendar_id!;
      ids.alicePrimary = await primaryOf('alice');
      ids.bobPrimary = await primaryOf('bob');
      await create('alice', ids.alicePrimary, { summary: 'Design review', start_time: { timestamp: at('2026-03-11T06:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-11T07:00:00Z'), timezone: ZONE } });
      ids.standup = await create('alice', ids.alicePrimary, {
        summary: 'Standup', recurrence: 'FREQ=DAILY;COUNT=5',
        start_time: { timestamp: at('2026-03-09T01:30:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-09T02:00:00Z'), timezone: ZONE },
      });
      await create('bob', ids.bobPrimary, { summary: 'Bob focus time', start_time: { timestamp: at('2026-03-12T02:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-12T04:00:00Z'), timezone: ZONE } });
      await v4().timeoffEvent.create({ params: { user_id_type: 'user_id' }, data: { user_id: 'alice', timezone: ZONE, start_time: '2026-03-13', end_time: '2026-03-13' } });
      ids.offsite = (await v4().calendar.create({ data: { summary: 'Team Offsite', permissions: 'public' } }, await as('carol'))).data!.calendar!.calendar_id!;
      browser = await launchBrowser();
      alice = await newContext(browser);
      page = await alice.newPage();
    });
    let step = 0;
    afterEach(async () => {
      if (page) await screenshot(page, `${dialect}-after-step-${++step}`);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    const instances = async (userId: string, calendarId: string) => (await v4().calendarEvent.instanceView({
      path: { calendar_id: calendarId }, params: { start_time: at('2026-03-09T00:00:00Z'), end_time: at('2026-03-16T00:00:00Z'), user_id_type: 'open_id' },
    }, await as(userId))).data!.items ?? [];
    const attendeesOf = async (calendarId: string, eventId: string) => (await v4().calendarEventAttendee.list({
      path: { calendar_id: calendarId, event_id: eventId }, params: { user_id_type: 'user_id' },
    }, await as('alice'))).data!.items ?? [];
    const eventOnGrid = (title: string, date?: string) => page.locator(`${date ? `.fc-timegrid-col[data-date="${date}"] ` : ''}.fc-event:not(.fc-bg-event)`, { hasText: title });
    /** The week's stored events of one series (time-window list: cancelled exceptions are listed too, events.md §3.4). */
    const listedOfSeries = async (uid: string) => ((await v4().calendarEvent.list({
      path: { calendar_id: ids.alicePrimary }, params: { start_time: at('2026-03-09T00:00:00Z'), end_time: at('2026-03-16T00:00:00Z'), user_id_type: 'open_id' },
    }, await as('alice'))).data!.items ?? []).filter((e) => e.event_id!.startsWith(`${uid}_`));
    const deleteOnScreen = async (title: string, date: string, scope: 'All events' | 'This and following events') => {
      await eventOnGrid(title, date).click();
      await page.waitForSelector('#details[open]');
      await page.click('#details button:text-is("Delete")');
      await page.waitForSelector('#scope[open]');
      await page.click(`#scope button:text-is("${scope}")`);
      await page.waitForSelector('#details', { state: 'hidden' });
    };

    test('sign in as a fixture user through the authorize page; the session is an HttpOnly, SameSite=Strict cookie no script can read', async () => {
      await page.goto(`${server.url}/`);
      assert.equal(page.url(), `${server.url}/web/signin`);
      assert.deepEqual(await seriousViolations(page), []);
      await chooseTenant(page, 'Acme');
      assert.match(page.url(), /\/open-apis\/authen\/v1\/authorize\?client_id=cli_[0-9a-f]{16}&.*code_challenge_method=S256/);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-sign-in`);
      await signIn(page, server.url, 'alice@acme.example', 'alice-pw');
      assert.equal(await page.textContent('#who'), 'Alice Wang · Acme');
      const cookies = await alice.cookies();
      const session = cookies.find((c) => c.name === 'larkcal_web');
      assert.deepEqual([session?.httpOnly, session?.sameSite], [true, 'Strict']);
      assert.equal(await page.evaluate(() => document.cookie), '');
      assert.equal(await page.evaluate(() => Object.values(localStorage).some((v) => /^(u|t)-/.test(v))), false);
      // Through the API: the tenant now has its built-in web app, a first-party app without a bot.
      const apps = await server.store.tenancy.listApps(ACME);
      const web = apps.find((a) => a.name === 'larkcal web calendar');
      assert.equal(web?.bot, false);
      assert.ok(web?.redirectUris.includes(`${server.url}/web/callback`));
    });

    test('the week shows the seeded events in the user\'s zone', async () => {
      await eventOnGrid('Design review', '2026-03-11').waitFor();
      assert.equal(await page.textContent('.fc-toolbar-title'), 'Mar 9 – 15, 2026');
      assert.equal(await eventOnGrid('Standup').count(), 5);
      assert.match((await eventOnGrid('Design review').textContent()) ?? '', /14:00 - 15:00/);
      // Time off, all day on Friday, shows as such.
      const leave = page.locator('.fc-daygrid-event.timeoff');
      assert.deepEqual([await leave.count(), await leave.textContent()], [1, '请假中(全天) / 1-Day Time Off']);
      // Through the API: the same events, at the same instants.
      const seen = (await instances('alice', ids.alicePrimary)).map((e) => `${e.summary} ${e.start_time!.timestamp}`).sort();
      assert.deepEqual(seen.filter((s) => s.startsWith('Design')), [`Design review ${at('2026-03-11T06:00:00Z')}`]);
      assert.equal(seen.filter((s) => s.startsWith('Standup')).length, 5);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-week`);
    });

    test('the toolbar\'s date picker, used from the keyboard, moves the week to the chosen date', async () => {
      await create('alice', ids.alicePrimary, { summary: 'Quarterly review', start_time: { timestamp: at('2026-04-15T02:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-04-15T03:00:00Z'), timezone: ZONE } });
      const picker = page.getByLabel('Go to date');
      assert.deepEqual([await picker.getAttribute('type'), await picker.inputValue()], ['date', '2026-03-11']);
      // Beside today / previous / next, in the toolbar's first group.
      assert.equal(await page.locator('.fc-toolbar-chunk').first().locator('#goto-date').count(), 1);
      // Reached with Tab from "Next"; typed field by field (this Chromium's date field runs month, day, year), it goes on Enter.
      await page.focus('.fc-next-button');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'goto-date');
      const weeks: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/instance_view')) weeks.push(new URL(r.url()).searchParams.get('start_time')!);
      });
      const loaded = page.waitForResponse((r) => r.url().includes('/instance_view') && r.url().includes(`start_time=${at('2026-04-12T16:00:00Z')}`) && r.ok());
      await page.keyboard.type('04152026');
      assert.equal(await picker.inputValue(), '2026-04-15');
      await page.keyboard.press('Enter');
      await loaded;
      await eventOnGrid('Quarterly review', '2026-04-15').waitFor();
      assert.equal(await page.textContent('.fc-toolbar-title'), 'Apr 13 – 19, 2026');
      assert.equal(await picker.inputValue(), '2026-04-15');
      // The dates passed through while typing (January, December, the year 2…) were not loaded: the chosen
      // week came first, and nothing but it and the weeks either side (fetched ahead for next / previous).
      assert.equal(weeks[0], at('2026-04-12T16:00:00Z'));
      const around = new Set([at('2026-04-05T16:00:00Z'), at('2026-04-12T16:00:00Z'), at('2026-04-19T16:00:00Z')]);
      assert.deepEqual(weeks.filter((w) => !around.has(w)), []);
      // Through the API: the week shown is the one instance_view gives for 13–19 April.
      const week = (await v4().calendarEvent.instanceView({
        path: { calendar_id: ids.alicePrimary }, params: { start_time: at('2026-04-12T16:00:00Z'), end_time: at('2026-04-19T16:00:00Z'), user_id_type: 'open_id' },
      }, await as('alice'))).data!.items ?? [];
      assert.deepEqual(week.map((e) => [e.summary, e.start_time?.timestamp]), [['Quarterly review', at('2026-04-15T02:00:00Z')]]);
      assert.deepEqual(await page.locator('.fc-timegrid-event').allTextContents(), ['10:00 - 11:00Quarterly review']);
      assert.deepEqual(await seriousViolations(page), []);
      await page.click('.fc-today-button');
      await eventOnGrid('Design review', '2026-03-11').waitFor();
      assert.equal(await picker.inputValue(), '2026-03-11');
    });

    test('create an event by dragging, with an attendee found by email and a room found free', async () => {
      await drag(page, slot('2026-03-12', '15:00:00'), slot('2026-03-12', '15:30:00'));
      await page.waitForSelector('#editor[open]');
      assert.equal(await page.inputValue('#ev-start'), '2026-03-12T15:00');
      assert.equal(await page.inputValue('#ev-end'), '2026-03-12T16:00');
      await page.fill('#ev-title', 'Planning');
      await page.fill('#ev-attendee', 'bob@acme.example');
      await page.press('#ev-attendee', 'Enter');
      await page.locator('#ev-picked li', { hasText: 'Bob Li' }).waitFor();
      // Find a time for both: the suggestions are the API's, first one first.
      await page.click('#ev-find-time');
      await page.locator('#ev-suggestions li').first().waitFor();
      const bob = (await server.store.tenancy.findUserByUserId(ACME, 'bob'))!;
      const aliceUser = (await server.store.tenancy.findUserByUserId(ACME, 'alice'))!;
      const suggested = await fetch(`${server.url}/open-apis/calendar/v4/freebusy/suggestion`, {
        method: 'POST', headers: { authorization: `Bearer ${await server.userToken('alice')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ search_start_time: '2026-03-12T07:00:00Z', search_end_time: '2026-03-12T16:00:00Z', timezone: ZONE, duration_minutes: 60, attendee_user_ids: [openIdFor(APPS.full.app_id, aliceUser.ref), openIdFor(APPS.full.app_id, bob.ref)] }),
      }).then((r) => r.json()) as { data: { suggestions: Array<{ event_start_time: string; event_end_time: string }> } };
      assert.ok(suggested.data.suggestions.length > 0);
      const first = suggested.data.suggestions[0]!;
      const hhmm = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(11, 16);
      assert.match((await page.locator('#ev-suggestions li').first().textContent()) ?? '', new RegExp(`^${hhmm(first.event_start_time)}–${hhmm(first.event_end_time)}`));
      await page.click('#ev-find-rooms');
      await page.click('button[aria-label="Book Everest"]');
      await page.locator('#ev-picked li', { hasText: 'Everest (room)' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-editor`);
      await page.click('#ev-save');
      await eventOnGrid('Planning', '2026-03-12').waitFor();
      const planning = (await instances('alice', ids.alicePrimary)).find((e) => e.summary === 'Planning');
      assert.deepEqual([planning?.start_time?.timestamp, planning?.end_time?.timestamp], [at('2026-03-12T07:00:00Z'), at('2026-03-12T08:00:00Z')]);
      const attendees = await attendeesOf(ids.alicePrimary, planning!.event_id!);
      assert.deepEqual(attendees.filter((a) => a.type === 'user').map((a) => [a.user_id, a.rsvp_status]).sort(), [['alice', 'accept'], ['bob', 'needs_action']]);
      assert.deepEqual(attendees.filter((a) => a.type === 'resource').map((a) => [a.room_id, a.rsvp_status]), [['omm_83d09ad4f6896e02029a6a075f71c9d1', 'accept']]);
    });

    test('the room picker shows each free room\'s capacity and floor, the floor read from the vc/v1 directory', async () => {
      await page.click('#create');
      await page.waitForSelector('#editor[open]');
      assert.deepEqual([await page.inputValue('#ev-start'), await page.inputValue('#ev-end')], ['2026-03-11T10:00', '2026-03-11T11:00']);
      await page.click('#ev-find-rooms');
      await page.locator('#ev-rooms li[data-room]').first().waitFor();
      const shown = await page.locator('#ev-rooms li[data-room] > span').allTextContents();
      // Through the API: room_find gives name and capacity, no floor; the directory gives the room's level and its parent.
      const found = await fetch(`${server.url}/open-apis/calendar/v4/freebusy/room_find`, {
        method: 'POST', headers: { authorization: `Bearer ${await server.userToken('alice')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ event_start_time: '2026-03-11T02:00:00Z', event_end_time: '2026-03-11T03:00:00Z', timezone: ZONE }),
      }).then((r) => r.json()) as { data: { available_rooms: Array<Record<string, unknown>> } };
      assert.deepEqual(found.data.available_rooms.map((r) => Object.keys(r).sort()), [['capacity', 'reserve_until_time', 'room_id', 'room_name'], ['capacity', 'reserve_until_time', 'room_id', 'room_name']]);
      const everest = (await server.client().vc.v1.room.search({ data: { keyword: 'Everest' } }, await as('alice'))).data!.rooms![0]!;
      const [floor] = (await server.client().vc.v1.roomLevel.mget({ data: { level_ids: [everest.room_level_id!] } })).data!.items!;
      const [building] = (await server.client().vc.v1.roomLevel.mget({ data: { level_ids: [floor!.parent_id!] } })).data!.items!;
      assert.deepEqual([everest.capacity, building!.name, floor!.name], [10, 'HQ', '3']);
      // Level names take an app's token only, as on Feishu: the web adapter asks for them as its app.
      const asUser = await fetch(`${server.url}/open-apis/vc/v1/room_levels/mget`, {
        method: 'POST', headers: { authorization: `Bearer ${await server.userToken('alice')}`, 'content-type': 'application/json' }, body: JSON.stringify({ level_ids: [floor!.room_level_id] }),
      }).then((r) => r.json()) as { code: number; msg: string };
      assert.deepEqual([asUser.code, asUser.msg], [99991668, 'user access token not support']);
      const places: Record<string, string> = { Everest: 'HQ, floor 3', Kilimanjaro: 'floor not on record' };
      assert.deepEqual(shown, found.data.available_rooms.map((r) => `${r.room_name} · ${r.capacity} seats · ${places[r.room_name as string]}`));
      assert.deepEqual(shown.sort(), ['Everest · 10 seats · HQ, floor 3', 'Kilimanjaro · 4 seats · floor not on record']);
      assert.deepEqual(await seriousViolations(page), []);
      await page.click('#editor button:text-is("Cancel")');
    });

    test('the attendee signs in in another browser context and accepts; the organizer sees the answer', async () => {
      const bobContext = await newContext(browser);
      const bob = await bobContext.newPage();
      await signIn(bob, server.url, 'bob', 'bob-pw');
      await bob.locator('.fc-timegrid-col[data-date="2026-03-12"] .fc-event:not(.fc-bg-event)', { hasText: 'Planning' }).click();
      await bob.waitForSelector('#details[open]');
      assert.deepEqual(await seriousViolations(bob), []);
      await screenshot(bob, `${dialect}-details-attendee`);
      await bob.click('#details button:text-is("Accept")');
      await bob.waitForSelector('#details', { state: 'hidden' });
      await bobContext.close();
      const planning = (await instances('alice', ids.alicePrimary)).find((e) => e.summary === 'Planning')!;
      const answered = (await attendeesOf(ids.alicePrimary, planning.event_id!)).find((a) => a.user_id === 'bob');
      assert.equal(answered?.rsvp_status, 'accept');

      await page.reload();
      await eventOnGrid('Planning', '2026-03-12').click();
      await page.waitForSelector('#details[open]');
      assert.match((await page.locator('#attendee-list li', { hasText: 'Bob Li' }).textContent()) ?? '', /Accepted$/);
      assert.match((await page.locator('#room-list li').textContent()) ?? '', /Everest.*Booked/);
      await screenshot(page, `${dialect}-details-organizer`);
      await page.click('#details button:text-is("Close")');
    });

    test('a group attendee opens into its members, each with their own answer', async () => {
      const eventId = await create('alice', ids.alicePrimary, {
        summary: 'Platform sync', attendee_ability: 'can_see_others',
        start_time: { timestamp: at('2026-03-13T03:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-13T04:00:00Z'), timezone: ZONE },
      });
      const added = (await v4().calendarEventAttendee.create({ path: { calendar_id: ids.alicePrimary, event_id: eventId }, data: { attendees: [{ type: 'chat', chat_id: CHAT }] } }, await as('alice'))).data!.attendees!;
      const chatAttendee = added.find((a) => a.type === 'chat')!.attendee_id!;
      await v4().calendarEvent.reply({ path: { calendar_id: ids.bobPrimary, event_id: eventId }, data: { rsvp_status: 'tentative' } }, await as('bob'));
      await page.reload();
      await eventOnGrid('Platform sync', '2026-03-13').click();
      await page.waitForSelector('#details[open]');
      const group = page.locator('#attendee-list > li.chat');
      assert.match((await group.textContent()) ?? '', /^Platform team \(group\)/);
      const rows = await group.locator('.chat-members li').evaluateAll((items) => items.map((li) => [li.firstChild?.textContent, li.querySelector('.rsvp')?.textContent]));
      assert.equal(await group.getByRole('list', { name: 'Members of Platform team' }).count(), 1);
      // Through the API: the members and answers chat_members gives.
      const members = (await v4().calendarEventAttendeeChatMember.list({ path: { calendar_id: ids.alicePrimary, event_id: eventId, attendee_id: chatAttendee } }, await as('alice'))).data!.items ?? [];
      assert.deepEqual(members.map((m) => [m.display_name, m.rsvp_status, m.is_organizer]).sort(), [['Alice Wang', 'accept', true], ['Bob Li', 'tentative', false]]);
      assert.deepEqual(rows.sort(), [['Alice Wang (organizer)', 'Accepted'], ['Bob Li', 'Maybe']]);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-details-chat`);
      await page.click('#details button:text-is("Close")');

      // Carol attends but is not in the chat: the API refuses her the members (194001), the details say why.
      await v4().calendarEventAttendee.create({ path: { calendar_id: ids.alicePrimary, event_id: eventId }, params: { user_id_type: 'user_id' }, data: { attendees: [{ type: 'user', user_id: 'carol' }] } }, await as('alice'));
      const refused = await fetch(`${server.url}/open-apis/calendar/v4/calendars/primary/events/${eventId}/attendees/${chatAttendee}/chat_members`, {
        headers: { authorization: `Bearer ${await server.userToken('carol')}` },
      }).then((r) => r.json()) as { code: number };
      assert.equal(refused.code, 194001);
      const carolContext = await newContext(browser);
      const carol = await carolContext.newPage();
      await signIn(carol, server.url, 'carol', 'carol-pw');
      await carol.locator('.fc-timegrid-col[data-date="2026-03-13"] .fc-event:not(.fc-bg-event)', { hasText: 'Platform sync' }).click();
      await carol.waitForSelector('#details[open]');
      assert.equal(await carol.textContent('#attendee-list > li.chat .chat-members'), 'Only the group\'s members see who is in it.');
      await carolContext.close();
    });

    test('move one occurrence with "this event", then edit "all events": the exception keeps its own time', async () => {
      const wednesday = eventOnGrid('Standup', '2026-03-11');
      const box = (await wednesday.boundingBox())!;
      const target = (await page.locator('.fc-timegrid-slot-lane[data-time="11:00:00"]').boundingBox())!;
      await dragPoints(page, { x: box.x + box.width / 2, y: box.y + 4 }, { x: box.x + box.width / 2, y: target.y + 4 });
      await page.waitForSelector('#scope[open]');
      await Promise.all([page.waitForResponse((r) => r.url().includes('/instance_view') && r.ok()), page.click('#scope button:text-is("This event")')]);
      let wednesdayItem = (await instances('alice', ids.alicePrimary)).find((e) => e.event_id!.startsWith(ids.standup.replace(/_0$/, '')) && e.start_time!.timestamp!.startsWith(at('2026-03-11T03:00:00Z').slice(0, 6)) && e.is_exception);
      assert.equal(wednesdayItem?.start_time?.timestamp, at('2026-03-11T03:00:00Z'));

      await eventOnGrid('Standup', '2026-03-10').click();
      await page.waitForSelector('#details[open]');
      assert.match((await page.textContent('#details dl')) ?? '', /Every day, 5 times/);
      await page.click('#details button:text-is("Edit")');
      await page.waitForSelector('#editor[open]');
      await page.fill('#ev-title', 'Daily standup');
      await page.click('#ev-save');
      await page.waitForSelector('#scope[open]');
      await page.click('#scope button:text-is("All events")');
      await eventOnGrid('Daily standup', '2026-03-10').waitFor();
      const series = (await instances('alice', ids.alicePrimary)).filter((e) => e.event_id!.startsWith(ids.standup.replace(/_0$/, '')));
      wednesdayItem = series.find((e) => e.is_exception);
      assert.equal(wednesdayItem?.start_time?.timestamp, at('2026-03-11T03:00:00Z'));
      const others = series.filter((e) => !e.is_exception).map((e) => [e.summary, Number(e.start_time!.timestamp) % 86400]);
      assert.deepEqual(others, Array(4).fill(['Daily standup', 1.5 * 3600]));
      // On screen: Wednesday's occurrence still at 11:00.
      assert.match((await eventOnGrid('Standup', '2026-03-11').textContent()) ?? '', /11:00 - 11:30/);
    });

    test('delete "all events" of a series with a moved occurrence: neither the series nor its exception is left', async () => {
      const uid = ids.standup.replace(/_0$/, '');
      const before = await listedOfSeries(uid);
      assert.deepEqual(before.map((e) => [e.event_id, e.is_exception ?? false, e.status]).sort(), [[ids.standup, false, 'confirmed'], [`${uid}_${at('2026-03-11T01:30:00Z')}`, true, 'confirmed']]);
      await deleteOnScreen('Daily standup', '2026-03-12', 'All events');
      await page.waitForFunction(() => !document.querySelector('#calendar [aria-busy="true"], #calendar[aria-busy="true"]') && ![...document.querySelectorAll('.fc-event')].some((e) => /standup/i.test(e.textContent ?? '')));
      assert.equal(await page.locator('.fc-event', { hasText: /standup/i }).count(), 0);
      // Through the API: the window lists neither (a cancelled exception would still be listed, events.md §3.4), nor do the instances.
      assert.deepEqual(await listedOfSeries(uid), []);
      assert.deepEqual((await instances('alice', ids.alicePrimary)).filter((e) => e.event_id!.startsWith(`${uid}_`)), []);
    });

    test('delete "this and following": the series ends before the occurrence, and the exceptions from it on are gone', async () => {
      const master = await create('alice', ids.alicePrimary, {
        summary: 'Retro', recurrence: 'FREQ=DAILY;COUNT=5',
        start_time: { timestamp: at('2026-03-09T08:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-09T08:30:00Z'), timezone: ZONE },
      });
      const uid = master.replace(/_0$/, '');
      const move = async (day: string, toUtc: string) => v4().calendarEvent.patch({
        path: { calendar_id: ids.alicePrimary, event_id: `${uid}_${at(`2026-03-${day}T08:00:00Z`)}` },
        data: { start_time: { timestamp: at(`2026-03-${toUtc}`), timezone: ZONE }, end_time: { timestamp: String(Number(at(`2026-03-${toUtc}`)) + 1800), timezone: ZONE } },
      }, await as('alice'));
      // One exception before the split (Tuesday), one after it (Thursday).
      await move('10', '10T09:00:00Z');
      await move('12', '12T09:00:00Z');
      await page.reload();
      await deleteOnScreen('Retro', '2026-03-11', 'This and following events');
      await page.waitForFunction(() => [...document.querySelectorAll('.fc-timegrid-event')].filter((e) => /Retro/.test(e.textContent ?? '')).length === 2);
      assert.deepEqual(await page.locator('.fc-timegrid-event', { hasText: 'Retro' }).evaluateAll((events) => events.map((e) => e.closest('.fc-timegrid-col')?.getAttribute('data-date'))), ['2026-03-09', '2026-03-10']);
      assert.deepEqual((await listedOfSeries(uid)).map((e) => [e.event_id, e.is_exception ?? false, e.recurrence ?? '']).sort(), [
        [`${uid}_0`, false, 'FREQ=DAILY;UNTIL=20260311T075959Z'], [`${uid}_${at('2026-03-10T08:00:00Z')}`, true, ''],
      ]);
      const seen = (await instances('alice', ids.alicePrimary)).filter((e) => e.event_id!.startsWith(`${uid}_`)).map((e) => e.start_time!.timestamp);
      assert.deepEqual(seen, [at('2026-03-09T08:00:00Z'), at('2026-03-10T09:00:00Z')]);
    });

    test('edit "this and following": a new series from the occurrence with the count the old one had left; its later exception goes', async () => {
      const master = await create('alice', ids.alicePrimary, {
        summary: 'Handover', recurrence: 'FREQ=DAILY;COUNT=4',
        start_time: { timestamp: at('2026-03-09T10:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-09T10:30:00Z'), timezone: ZONE },
      });
      const uid = master.replace(/_0$/, '');
      // Thursday's occurrence an hour later: an exception after the split.
      await v4().calendarEvent.patch({
        path: { calendar_id: ids.alicePrimary, event_id: `${uid}_${at('2026-03-12T10:00:00Z')}` },
        data: { start_time: { timestamp: at('2026-03-12T11:00:00Z'), timezone: ZONE }, end_time: { timestamp: at('2026-03-12T11:30:00Z'), timezone: ZONE } },
      }, await as('alice'));
      await page.reload();
      await eventOnGrid('Handover', '2026-03-11').click();
      await page.waitForSelector('#details[open]');
      await page.click('#details button:text-is("Edit")');
      await page.waitForSelector('#editor[open]');
      await page.fill('#ev-title', 'Handover (new)');
      await page.click('#ev-save');
      await page.waitForSelector('#scope[open]');
      await page.click('#scope button:text-is("This and following events")');
      await page.waitForFunction(() => [...document.querySelectorAll('.fc-timegrid-event')].filter((e) => /Handover \(new\)/.test(e.textContent ?? '')).length === 2);
      const shown = await page.locator('.fc-timegrid-event', { hasText: 'Handover' }).evaluateAll((events) => events.map((e) => [e.closest('.fc-timegrid-col')?.getAttribute('data-date'), e.textContent]));
      assert.deepEqual(shown.sort(), [
        ['2026-03-09', '18:00 - 18:30Handover'], ['2026-03-10', '18:00 - 18:30Handover'], ['2026-03-11', '18:00 - 18:30Handover (new)'], ['2026-03-12', '18:00 - 18:30Handover (new)'],
      ]);
      // Through the API: the old series ends before Wednesday and its Thursday exception is gone; the new one has the 2 of 4 left.
      assert.deepEqual((await listedOfSeries(uid)).map((e) => [e.event_id, e.recurrence]), [[master, 'FREQ=DAILY;UNTIL=20260311T095959Z']]);
      const continued = (await instances('alice', ids.alicePrimary)).filter((e) => e.summary === 'Handover (new)');
      assert.deepEqual(continued.map((e) => e.start_time!.timestamp), [at('2026-03-11T10:00:00Z'), at('2026-03-12T10:00:00Z')]);
      const next = await v4().calendarEvent.get({ path: { calendar_id: ids.alicePrimary, event_id: continued[0]!.recurring_event_id! } }, await as('alice'));
      assert.equal(next.data!.event!.recurrence, 'FREQ=DAILY;COUNT=2');
    });

    test('create a shared calendar and give a colleague a role on it', async () => {
      await page.fill('#new-calendar-name', 'Project X');
      await page.click('#new-calendar button[type=submit]');
      const item = page.locator('#calendar-list li', { hasText: 'Project X' });
      await item.waitFor();
      await item.locator('summary').click();
      await item.locator('.members li').first().waitFor();
      await item.locator('input[type=email]').fill('bob@acme.example');
      await item.locator('select').last().selectOption('writer');
      await item.locator('button:text-is("Add member")').click();
      await item.locator('.members li', { hasText: 'Bob Li · Editor' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-members`);
      const list = (await v4().calendar.list({ params: { page_size: 500 } }, await as('alice'))).data!.calendar_list ?? [];
      const project = list.find((c) => c.summary === 'Project X')!;
      assert.deepEqual([project.type, project.role], ['shared', 'owner']);
      const acls = (await v4().calendarAcl.list({ path: { calendar_id: project.calendar_id! }, params: { user_id_type: 'user_id' } }, await as('alice'))).data!.acls ?? [];
      assert.deepEqual(acls.map((a) => [a.scope?.user_id, a.role]).sort(), [['alice', 'owner'], ['bob', 'writer']]);
      await item.locator('summary').click();
    });

    test('subscribe to a public calendar through search', async () => {
      await page.fill('#calendar-search-query', 'Offsite');
      await page.click('#calendar-search button[type=submit]');
      await page.click('button[aria-label="Subscribe to Team Offsite"]');
      await page.locator('#calendar-list li', { hasText: 'Team Offsite' }).waitFor();
      assert.match((await page.locator('#calendar-list li', { hasText: 'Team Offsite' }).textContent()) ?? '', /read-only/);
      const list = (await v4().calendar.list({ params: { page_size: 500 } }, await as('alice'))).data!.calendar_list ?? [];
      assert.deepEqual(list.filter((c) => c.calendar_id === ids.offsite).map((c) => c.role), ['reader']);
    });

    test('the free/busy overlay shows a colleague\'s busy blocks', async () => {
      await page.fill('#freebusy-email', 'bob@acme.example');
      await page.click('#freebusy-form button[type=submit]');
      const block = page.locator('.fc-timegrid-col[data-date="2026-03-12"] .fc-bg-event.fb-busy', { hasText: 'Bob Li: busy' });
      await block.first().waitFor();
      const bobOpenId = (await server.store.tenancy.findUserByUserId(ACME, 'bob'))!;
      const busy = (await v4().freebusy.list({
        params: { user_id_type: 'user_id' }, data: { time_min: '2026-03-12T00:00:00+08:00', time_max: '2026-03-13T00:00:00+08:00', user_id: bobOpenId.userId },
      }, await as('alice'))).data!.freebusy_list ?? [];
      assert.deepEqual(busy.map((b) => [b.start_time, b.end_time]), [['2026-03-12T10:00:00+08:00', '2026-03-12T12:00:00+08:00'], ['2026-03-12T15:00:00+08:00', '2026-03-12T16:00:00+08:00']]);
      assert.equal(await block.count(), busy.length);
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-freebusy`);
    });

    test('month and agenda views, and a phone\'s width, pass axe-core', async () => {
      await page.click('.fc-dayGridMonth-button');
      await page.locator('.fc-daygrid-event', { hasText: 'Design review' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-month`);
      await page.click('.fc-listWeek-button');
      await page.locator('.fc-list-event', { hasText: 'Planning' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, `${dialect}-agenda`);
      const phone = await (await newContext(browser, { width: 390, height: 844 })).newPage();
      await signIn(phone, server.url, 'carol', 'carol-pw');
      assert.equal(await phone.isVisible('#sidebar'), false);
      assert.deepEqual(await seriousViolations(phone), []);
      await screenshot(phone, `${dialect}-phone`);
      await phone.context().close();
    });

    test('the session refreshes its token before expiry; sign-out spends the refresh token', async () => {
      await page.click('.fc-timeGridWeek-button');
      // 1 h 56 min later the access token has under 5 minutes left: the next call refreshes it.
      server.clock.advance((2 * 60 - 4) * 60 * 1000);
      const before = (await alice.cookies()).find((c) => c.name === 'larkcal_web')!.value;
      // The page's next call to the Open API (its sidebar's calendar list) goes out with a refreshed token.
      assert.equal(await page.evaluate(async () => (await fetch('/web/api/calendar/v4/calendars')).status), 200);
      const after = (await alice.cookies()).find((c) => c.name === 'larkcal_web')!.value;
      assert.notEqual(after, before);

      await page.click('#sign-out');
      await page.waitForURL(`${server.url}/web/signed-out`);
      assert.equal((await alice.cookies()).some((c) => c.name === 'larkcal_web'), false);
      await screenshot(page, `${dialect}-signed-out`);
      await page.goto(`${server.url}/`);
      await chooseTenant(page, 'Acme');
      // The cookie copied before sign-out: once its access token lapses it cannot be refreshed.
      server.clock.advance(3 * 3600 * 1000);
      const stale = await fetch(`${server.url}/web/api/calendar/v4/calendars`, { headers: { cookie: `larkcal_web=${after}` } });
      assert.deepEqual([stale.status, await stale.json()], [401, { code: 401, msg: 'not signed in' }]);
    });
  });
}

async function newContext(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, timezoneId: ZONE, locale: 'en-GB' });
  context.setDefaultTimeout(10_000);
  await context.clock.setFixedTime(NOW);
  return context;
}

function slot(date: string, time: string) {
  return { date, time };
}

/** Mouse down in one time slot of a day, up in another: FullCalendar's drag-select. */
async function drag(page: Page, from: { date: string; time: string }, to: { date: string; time: string }): Promise<void> {
  await page.locator(`.fc-timegrid-slot-lane[data-time="${to.time}"]`).scrollIntoViewIfNeeded();
  const point = async ({ date, time }: { date: string; time: string }) => {
    const column = (await page.locator(`.fc-timegrid-col[data-date="${date}"]`).boundingBox())!;
    const row = (await page.locator(`.fc-timegrid-slot-lane[data-time="${time}"]`).boundingBox())!;
    return { x: column.x + column.width / 2, y: row.y + row.height / 2 };
  };
  await dragPoints(page, await point(from), await point(to));
}

async function dragPoints(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + 3, { steps: 2 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

