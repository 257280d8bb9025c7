/**
 * Contract: the reads behind free/busy. A series master's occurrence list is
 * stored with it and kept in step by update (recurrence/stored.ts);
 * listBusyCandidates answers listOverlapping plus the user's own reply and
 * personal free/busy mark in one read.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Attendee, CalendarEvent } from '../../src/core/events/model.js';
import { contentForCreate, spanOf } from '../../src/core/events/input.js';
import { eventIdOf, newEventUid } from '../../src/core/events/ids.js';
import type { BusyCandidate } from '../../src/core/events/ports.js';
import type { User } from '../../src/core/tenancy/model.js';
import { forEachDialect, newTenant, newUser, unique } from './support/stores.js';

const MONDAY = Date.UTC(2026, 0, 5, 1) / 1000; // 09:00 in Asia/Shanghai
const DAY = 86400;

function event(tenantKey: string, calendarId: string, fields: { start: number; hours?: number; recurrence?: string }): CalendarEvent {
  const content = contentForCreate({
    summary: 'Meeting',
    start: { timestamp: String(fields.start), timezone: 'Asia/Shanghai' },
    end: { timestamp: String(fields.start + (fields.hours ?? 1) * 3600), timezone: 'Asia/Shanghai' },
    ...(fields.recurrence && { recurrence: fields.recurrence }),
  });
  const uid = newEventUid();
  return {
    ...content, ...spanOf(content), eventId: eventIdOf(uid, 0), seriesId: uid, uid, originalTime: 0, tenantKey, organizerCalendarId: calendarId,
    organizer: 'user:nobody', status: 'confirmed', isException: false, createTime: 1, version: 1,
  };
}

function attendee(e: CalendarEvent, user: User, fields: Partial<Attendee>): Attendee {
  return {
    eventId: e.eventId, attendeeId: unique('user_'), type: 'user', userRef: user.ref, chatId: null, roomId: null, email: null,
    rsvpStatus: 'accept', isOptional: false, isOrganizer: false, isExternal: false, displayName: user.name, operateRef: null,
    approvalReason: '', resourceCustomization: [], removed: false, seq: 1, ...fields,
  };
}

forEachDialect('storage contract: free/busy reads', (ctx) => {
  const calendarId = `${unique('c')}@group.calendar.feishu.cn`;
  const made: Record<string, CalendarEvent> = {};
  let user: User;
  const place = async (e: CalendarEvent) => {
    await ctx().store.events.insert(e);
    await ctx().store.events.putPlacement({ calendarId, eventId: e.eventId, reason: 'attendee', removed: false, version: 1, firstStart: e.firstStart, lastEnd: e.lastEnd });
  };
  const own = async (from = MONDAY - DAY, to = MONDAY + 7 * DAY) => {
    const found = await ctx().store.events.listBusyCandidates(calendarId, from, to, { ref: user.ref, identity: `user:${user.ref}` });
    return new Map(found.map((p): [string, BusyCandidate] => [Object.keys(made).find((k) => made[k]!.eventId === p.event.eventId)!, p]));
  };

  before(async () => {
    const { store } = ctx();
    const tenant = await newTenant(store);
    user = await newUser(store, tenant.tenantKey);
    const other = await newUser(store, tenant.tenantKey);
    made.weekly = event(tenant.tenantKey, calendarId, { start: MONDAY, recurrence: 'FREQ=WEEKLY;COUNT=3' });
    made.declined = event(tenant.tenantKey, calendarId, { start: MONDAY + 3600 });
    made.removed = event(tenant.tenantKey, calendarId, { start: MONDAY + 2 * 3600 });
    made.markedFree = event(tenant.tenantKey, calendarId, { start: MONDAY + 3 * 3600 });
    made.organized = event(tenant.tenantKey, calendarId, { start: MONDAY + 4 * 3600 });
    made.viaChat = event(tenant.tenantKey, calendarId, { start: MONDAY + 5 * 3600 });
    for (const e of Object.values(made)) await place(e);
    await store.attendees.put(attendee(made.weekly, user, { rsvpStatus: 'tentative' }));
    await store.attendees.put(attendee(made.weekly, other, { rsvpStatus: 'decline' }));
    await store.attendees.put(attendee(made.declined, user, { rsvpStatus: 'decline' }));
    await store.attendees.put(attendee(made.removed, user, { rsvpStatus: 'accept', removed: true }));
    await store.attendees.putChatMember({ eventId: made.viaChat.eventId, attendeeId: 'chat_1', userRef: user.ref, rsvpStatus: 'tentative' });
    await store.attendees.putChatMember({ eventId: made.viaChat.eventId, attendeeId: 'chat_1', userRef: other.ref, rsvpStatus: 'decline' });
    await store.attendees.putChatMember({ eventId: made.weekly.eventId, attendeeId: 'chat_2', userRef: user.ref, rsvpStatus: 'decline' });
    await store.events.putPersonal({ eventId: made.markedFree.eventId, identity: `user:${user.ref}`, color: null, reminders: null, visibility: null, freeBusyStatus: 'free', version: 1 });
    await store.events.putPersonal({ eventId: made.organized.eventId, identity: `user:${other.ref}`, color: null, reminders: null, visibility: null, freeBusyStatus: 'free', version: 1 });
  });

  test('each event comes with the user\'s own reply, direct (not a removed row, not another user\'s) or through a chat, and own free/busy mark', async () => {
    const found = await own();
    assert.deepEqual([...found.keys()].sort(), ['declined', 'markedFree', 'organized', 'removed', 'viaChat', 'weekly']);
    assert.equal(found.get('viaChat')!.ownRsvp, undefined);
    assert.equal(found.get('viaChat')!.chatRsvp, 'tentative');
    assert.equal(found.get('weekly')!.chatRsvp, 'decline', 'both are reported; free/busy lets the direct reply win');
    assert.equal(found.get('organized')!.chatRsvp, undefined);
    assert.equal(found.get('weekly')!.ownRsvp, 'tentative');
    assert.equal(found.get('declined')!.ownRsvp, 'decline');
    assert.equal(found.get('removed')!.ownRsvp, undefined);
    assert.equal(found.get('organized')!.ownRsvp, undefined);
    assert.equal(found.get('markedFree')!.ownFreeBusy, 'free');
    assert.equal(found.get('organized')!.ownFreeBusy, undefined, 'another user\'s mark is not this user\'s');
    assert.deepEqual((await own(MONDAY + 20 * DAY, MONDAY + 30 * DAY)).size, 0);
  });

  test('a series master carries its stored occurrences; one-off events carry none', async () => {
    const found = await own();
    assert.deepEqual(found.get('weekly')!.expansion, { complete: true, originalTimes: [MONDAY, MONDAY + 7 * DAY, MONDAY + 14 * DAY] });
    assert.equal(found.get('declined')!.expansion, undefined);
    const weekly = found.get('weekly')!.event;
    assert.deepEqual(
      { recurrence: weekly.recurrence, start: weekly.start, freeBusyStatus: weekly.freeBusyStatus, isException: weekly.isException, status: weekly.status, originalTime: weekly.originalTime },
      { recurrence: 'FREQ=WEEKLY;COUNT=3', start: made.weekly!.start, freeBusyStatus: 'busy', isException: false, status: 'confirmed', originalTime: 0 },
    );
    const placed = await ctx().store.events.listOverlapping(calendarId, MONDAY - DAY, MONDAY + DAY);
    assert.deepEqual(placed.find((p) => p.event.eventId === made.weekly!.eventId)!.expansion?.originalTimes.length, 3);
  });

  test('a series master lists the slots its exceptions hold, as exceptions come and go', async () => {
    const { store } = ctx();
    const master = made.weekly!;
    const second = MONDAY + 7 * DAY;
    const exception: CalendarEvent = {
      ...master, eventId: eventIdOf(master.seriesId, second), originalTime: second, isException: true, recurrence: '', status: 'cancelled',
      start: { kind: 'timed', ts: second, tz: 'Asia/Shanghai' }, end: { kind: 'timed', ts: second + 3600, tz: 'Asia/Shanghai' }, firstStart: second, lastEnd: second + 3600,
    };
    assert.equal((await own()).get('weekly')!.taken, undefined);
    await store.events.insert(exception);
    assert.deepEqual((await own()).get('weekly')!.taken, [second]);
    await store.events.update({ ...master, summary: 'Renamed' });
    assert.deepEqual((await own()).get('weekly')!.taken, [second], 'a rewrite of the series keeps its slots');
    await store.events.remove(exception.eventId, 2);
    assert.equal((await own()).get('weekly')!.taken, undefined);
  });

  test('update keeps the stored occurrences in step with the rule, and drops them with it', async () => {
    const { store } = ctx();
    const longer = { ...made.weekly!, recurrence: 'FREQ=WEEKLY;COUNT=4' };
    await store.events.update({ ...longer, ...spanOf(longer) });
    assert.equal((await own()).get('weekly')!.expansion?.originalTimes.length, 4);
    await store.events.update({ ...made.weekly!, recurrence: '', ...spanOf({ ...made.weekly!, recurrence: '' }) });
    assert.equal((await own()).get('weekly')!.expansion, undefined);
    await store.events.update(made.weekly!);
    assert.equal((await own()).get('weekly')!.expansion?.originalTimes.length, 3);
  });
});
