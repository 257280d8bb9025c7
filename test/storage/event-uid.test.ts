/**
 * Contract: an event's iCalendar UID is its own column, apart from the series
 * id inside its event ids. A client's UID is kept as sent; a series' master and
 * exceptions share it; masters are unique per tenant and organizer calendar.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventIdOf, newEventUid } from '../../src/core/events/ids.js';
import { contentForCreate, spanOf, uidFor } from '../../src/core/events/input.js';
import { MAX_UID_LENGTH, type CalendarEvent } from '../../src/core/events/model.js';
import { DomainError } from '../../src/core/errors.js';
import { forEachDialect, unique } from './support/stores.js';

const MONDAY = Date.UTC(2026, 0, 5, 1) / 1000;
const DAY = 86400;
/** Apple Calendar and Thunderbird send UUIDs in capitals or with a host; others send anything (RFC 5545 §3.8.4.7). */
const CLIENT_UID = `040000008200E00074C5B7101A82E008-${'x'.repeat(180)} @host.example/ünï`;

function event(tenantKey: string, calendarId: string, uid?: string, recurrence?: string): CalendarEvent {
  const content = contentForCreate({
    summary: 'Meeting', start: { timestamp: String(MONDAY) }, end: { timestamp: String(MONDAY + 3600) }, ...(recurrence && { recurrence }),
  });
  const seriesId = newEventUid();
  return {
    ...content, ...spanOf(content), eventId: eventIdOf(seriesId, 0), seriesId, uid: uidFor({ ...(uid !== undefined && { uid }) }, seriesId), originalTime: 0,
    tenantKey, organizerCalendarId: calendarId, organizer: 'user:nobody', status: 'confirmed', isException: false, createTime: 1, version: 1,
  };
}

test('uidFor: a client UID of any form up to 255 characters is kept; none means the series id', () => {
  assert.equal(uidFor({}, 'series'), 'series');
  assert.equal(uidFor({ uid: CLIENT_UID }, 'series'), CLIENT_UID);
  const longest = 'ü'.repeat(MAX_UID_LENGTH);
  assert.equal(uidFor({ uid: longest }, 'series'), longest, 'characters, not UTF-16 units or bytes');
  for (const bad of ['', 'u'.repeat(MAX_UID_LENGTH + 1)]) {
    assert.throws(() => uidFor({ uid: bad }, 'series'), (e: unknown) => e instanceof DomainError && e.key === 'invalid' && e.violations[0]?.field === 'uid');
  }
});

forEachDialect('storage contract: event uid', (ctx) => {
  const tenantKey = unique('t');
  const calendarId = `${unique('c')}@group.calendar.feishu.cn`;
  const attendeeCalendar = `${unique('c')}@group.calendar.feishu.cn`;
  const place = async (e: CalendarEvent, on = calendarId) => {
    await ctx().store.events.putPlacement({ calendarId: on, eventId: e.eventId, reason: 'organizer', removed: false, version: 1, firstStart: e.firstStart, lastEnd: e.lastEnd });
  };

  test('a client UID is stored as sent and found by tenant, and by a calendar the event shows on', async () => {
    const { store } = ctx();
    const e = event(tenantKey, calendarId, CLIENT_UID);
    await store.events.insert(e);
    await place(e);
    assert.deepEqual(await store.events.get(e.eventId), e);
    assert.deepEqual((await store.events.findByUid(tenantKey, CLIENT_UID)).map((f) => f.eventId), [e.eventId]);
    assert.deepEqual((await store.events.findByUid(tenantKey, CLIENT_UID, calendarId)).map((f) => f.eventId), [e.eventId]);
    assert.deepEqual(await store.events.findByUid(tenantKey, CLIENT_UID, attendeeCalendar), [], 'not shown there');
    assert.deepEqual(await store.events.findByUid(unique('t'), CLIENT_UID), [], 'another tenant');
    assert.deepEqual(await store.events.findByUid(tenantKey, CLIENT_UID.toLowerCase()), [], 'UIDs compare exactly');
  });

  test('an event without a client UID has its series id as UID', async () => {
    const { store } = ctx();
    const e = event(tenantKey, calendarId);
    await store.events.insert(e);
    assert.equal(e.uid, e.seriesId);
    assert.deepEqual((await store.events.findByUid(tenantKey, e.seriesId)).map((f) => f.eventId), [e.eventId]);
  });

  test("a series' exceptions share its UID: found with the master, by original time", async () => {
    const { store } = ctx();
    const master = event(tenantKey, calendarId, `series-${unique('u')}`, 'FREQ=DAILY;COUNT=3');
    const exception = (n: number): CalendarEvent => ({
      ...master, eventId: eventIdOf(master.seriesId, MONDAY + n * DAY), originalTime: MONDAY + n * DAY, isException: true, recurrence: '',
      firstStart: MONDAY + n * DAY, lastEnd: MONDAY + n * DAY + 3600,
    });
    for (const e of [master, exception(2), exception(1)]) {
      await store.events.insert(e);
      await place(e);
    }
    await place(exception(1), attendeeCalendar);
    assert.deepEqual((await store.events.findByUid(tenantKey, master.uid)).map((f) => f.originalTime), [0, MONDAY + DAY, MONDAY + 2 * DAY]);
    assert.deepEqual((await store.events.findByUid(tenantKey, master.uid, attendeeCalendar)).map((f) => f.originalTime), [MONDAY + DAY]);
    assert.deepEqual((await store.events.exceptionsOf(master.seriesId)).map((f) => f.originalTime), [MONDAY + DAY, MONDAY + 2 * DAY]);
  });

  test('a second master with the same UID on the same organizer calendar is refused; elsewhere it is another event', async () => {
    const { store } = ctx();
    const uid = `dup-${unique('u')}`;
    await store.events.insert(event(tenantKey, calendarId, uid));
    await assert.rejects(store.events.insert(event(tenantKey, calendarId, uid)));
    const elsewhere = event(tenantKey, attendeeCalendar, uid);
    await store.events.insert(elsewhere);
    await store.events.insert(event(unique('t'), calendarId, uid));
    assert.equal((await store.events.findByUid(tenantKey, uid)).length, 2);
  });

  test('findPlacedMasters: the live masters shown on the calendar of the UIDs asked, in one read; not exceptions, cancelled ones, removed or other placements', async () => {
    const { store } = ctx();
    const tag = unique('m');
    const live = event(tenantKey, calendarId, `${tag}-a`);
    const series = event(tenantKey, calendarId, `${tag}-b`, 'FREQ=DAILY;COUNT=3');
    const exception: CalendarEvent = { ...series, eventId: eventIdOf(series.seriesId, MONDAY + DAY), originalTime: MONDAY + DAY, isException: true, recurrence: '' };
    const cancelled: CalendarEvent = { ...event(tenantKey, calendarId, `${tag}-c`), status: 'cancelled' };
    const elsewhere = event(tenantKey, attendeeCalendar, `${tag}-d`);
    const removed = event(tenantKey, calendarId, `${tag}-e`);
    for (const e of [live, series, exception, cancelled, removed]) {
      await store.events.insert(e);
      await place(e);
    }
    await store.events.insert(elsewhere);
    await place(elsewhere, attendeeCalendar);
    await store.events.putPlacement({ calendarId, eventId: removed.eventId, reason: 'organizer', removed: true, version: 2, firstStart: removed.firstStart, lastEnd: removed.lastEnd });
    const uids = [`${tag}-b`, `${tag}-a`, `${tag}-c`, `${tag}-d`, `${tag}-e`, `${tag}-missing`];
    const found = await store.events.findPlacedMasters(tenantKey, calendarId, uids);
    assert.deepEqual(found, [await store.events.get(live.eventId), await store.events.get(series.eventId)], 'whole events, as get reads them');
    assert.deepEqual((await store.events.findPlacedMasters(tenantKey, attendeeCalendar, uids)).map((e) => e.eventId), [elsewhere.eventId]);
    assert.deepEqual(await store.events.findPlacedMasters(unique('t'), calendarId, uids), [], 'another tenant');
    assert.deepEqual(await store.events.findPlacedMasters(tenantKey, calendarId, []), []);
  });
});
