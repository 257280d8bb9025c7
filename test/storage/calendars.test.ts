/** Contract: CalendarRepository — calendars, memberships and the calendar list's order. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IdentityKey } from '../../src/core/tenancy/model.js';
import { calendar, forEachDialect, membership, unique } from './support/stores.js';

forEachDialect('storage contract: calendars', (ctx) => {
  const me = (): IdentityKey => `user:${unique('usr_')}`;
  const ids = (pairs: Array<[{ calendarId: string }, unknown]>) => pairs.map(([c]) => c.calendarId);

  test('insert, get, update round-trip every field; primaryOf finds only the primary', async () => {
    const { store } = ctx();
    const owner = me();
    const shared = calendar('t', { owner, isThirdParty: true, permissions: 'private', description: 'd' });
    const primary = calendar('t', { owner, type: 'primary', version: 7 });
    await store.calendars.insert(shared);
    await store.calendars.insert(primary);
    assert.deepEqual(await store.calendars.get(shared.calendarId), shared);
    const updated = { ...shared, summary: 'New', deleted: true, version: 9 };
    await store.calendars.update(updated);
    assert.deepEqual(await store.calendars.get(shared.calendarId), updated);
    assert.deepEqual(await store.calendars.primaryOf(owner), primary);
    assert.equal(await store.calendars.primaryOf(me()), undefined);
    assert.equal(await store.calendars.get('missing'), undefined);
  });

  test('putMembership upserts; the list keeps subscription order through updates, a re-subscription moves to the end', async () => {
    const { store } = ctx();
    const who = me();
    const [a, b, c] = [calendar('t'), calendar('t'), calendar('t')];
    for (const cal of [a, b, c]) await store.calendars.insert(cal);
    await store.calendars.putMembership(membership(a.calendarId, who, 10));
    await store.calendars.putMembership(membership(b.calendarId, who, 20));
    await store.calendars.putMembership(membership(c.calendarId, who, 5, { subscribed: false, color: 3 }));
    await store.calendars.putMembership(membership(a.calendarId, who, 30, { color: 42, summaryAlias: 'mine' }));
    assert.deepEqual(await store.calendars.getMembership(a.calendarId, who), membership(a.calendarId, who, 30, { color: 42, summaryAlias: 'mine' }));
    assert.deepEqual(ids(await store.calendars.listSubscribed(who, 0, 10)), [a.calendarId, b.calendarId]);
    await store.calendars.putMembership(membership(c.calendarId, who, 35, { color: 3 }));
    assert.deepEqual(ids(await store.calendars.listSubscribed(who, 0, 10)), [a.calendarId, b.calendarId, c.calendarId]);
    await store.calendars.putMembership(membership(a.calendarId, who, 40, { subscribed: false }));
    await store.calendars.putMembership(membership(a.calendarId, who, 50));
    assert.deepEqual(ids(await store.calendars.listSubscribed(who, 0, 10)), [b.calendarId, c.calendarId, a.calendarId]);
  });

  test("listSubscribed: one's own primary first, then subscription order; others' primaries in subscription order", async () => {
    const { store } = ctx();
    const who = me();
    const shared = calendar('t', { owner: who });
    const colleague = calendar('t', { type: 'primary', owner: me() });
    const own = calendar('t', { type: 'primary', owner: who });
    for (const cal of [shared, colleague, own]) await store.calendars.insert(cal);
    await store.calendars.putMembership(membership(shared.calendarId, who, 1));
    await store.calendars.putMembership(membership(colleague.calendarId, who, 2));
    await store.calendars.putMembership(membership(own.calendarId, who, 3));
    assert.deepEqual(ids(await store.calendars.listSubscribed(who, 0, 10)), [own.calendarId, shared.calendarId, colleague.calendarId]);
  });

  test('listSubscribed and countSubscribed leave out deleted calendars, unsubscribed ones and other identities', async () => {
    const { store } = ctx();
    const [who, other] = [me(), me()];
    const live = calendar('t');
    const gone = calendar('t', { deleted: true });
    const left = calendar('t');
    for (const cal of [live, gone, left]) await store.calendars.insert(cal);
    await store.calendars.putMembership(membership(live.calendarId, who, 1));
    await store.calendars.putMembership(membership(gone.calendarId, who, 2));
    await store.calendars.putMembership(membership(left.calendarId, who, 3, { subscribed: false }));
    await store.calendars.putMembership(membership(left.calendarId, other, 4));
    assert.deepEqual(ids(await store.calendars.listSubscribed(who, 0, 10)), [live.calendarId]);
    assert.equal(await store.calendars.countSubscribed(who), 1);
    assert.equal(await store.calendars.countSubscribed(other), 1);
    assert.equal(await store.calendars.countSubscribed(me()), 0);
  });

  test('offset and limit page through the list without gaps or repeats', async () => {
    const { store } = ctx();
    const who = me();
    const all: string[] = [];
    for (let i = 0; i < 7; i++) {
      const cal = calendar('t');
      await store.calendars.insert(cal);
      await store.calendars.putMembership(membership(cal.calendarId, who, 100 - i * 3));
      all.unshift(cal.calendarId);
    }
    const pages = [await store.calendars.listSubscribed(who, 0, 3), await store.calendars.listSubscribed(who, 3, 3), await store.calendars.listSubscribed(who, 6, 3)];
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
    assert.deepEqual(pages.flatMap(ids), all);
    assert.deepEqual(await store.calendars.listSubscribed(who, 7, 3), []);
  });

  test('listChangedSince: rows whose membership or calendar passed `since`, removals and deletions included', async () => {
    const { store } = ctx();
    const who = me();
    const quiet = calendar('t', { version: 5 });
    const renamed = calendar('t', { version: 15 });
    const recoloured = calendar('t', { version: 5 });
    const unsubscribed = calendar('t', { version: 5 });
    const deleted = calendar('t', { version: 16, deleted: true });
    for (const cal of [quiet, renamed, recoloured, unsubscribed, deleted]) await store.calendars.insert(cal);
    await store.calendars.putMembership(membership(quiet.calendarId, who, 5));
    await store.calendars.putMembership(membership(renamed.calendarId, who, 5));
    await store.calendars.putMembership(membership(recoloured.calendarId, who, 12));
    await store.calendars.putMembership(membership(unsubscribed.calendarId, who, 13, { subscribed: false }));
    await store.calendars.putMembership(membership(deleted.calendarId, who, 5));
    await store.calendars.putMembership(membership(quiet.calendarId, me(), 20));
    const changed = await store.calendars.listChangedSince(who, 10, 0, 10);
    assert.deepEqual(new Set(ids(changed)), new Set([renamed.calendarId, recoloured.calendarId, unsubscribed.calendarId, deleted.calendarId]));
    assert.equal(changed.find(([c]) => c.calendarId === deleted.calendarId)?.[0].deleted, true);
    assert.equal(changed.find(([c]) => c.calendarId === unsubscribed.calendarId)?.[1].subscribed, false);
    assert.deepEqual(await store.calendars.listChangedSince(who, 16, 0, 10), []);
    const paged = [...(await store.calendars.listChangedSince(who, 10, 0, 2)), ...(await store.calendars.listChangedSince(who, 10, 2, 2))];
    assert.deepEqual(ids(paged), ids(changed));
  });
});
