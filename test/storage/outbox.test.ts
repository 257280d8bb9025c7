/**
 * Contract: the outbox in batches, on each dialect. One drain writes the
 * deliveries its changes make together, and a later change of the same batch
 * merges into one of them as it would into a stored row (platform.md §10.3);
 * attempts that end alike are recorded together, each only while its worker
 * still holds the delivery.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { AppEvents } from '../../src/core/delivery/app-events.js';
import type { Delivery } from '../../src/core/delivery/model.js';
import { Outbox } from '../../src/core/delivery/outbox.js';
import type { ChangeData } from '../../src/core/changes/model.js';
import type { IdentityKey } from '../../src/core/tenancy/model.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { TestClock } from '../support/clock.js';
import { ACME, APPS, testFixture } from '../support/fixture.js';
import { forEachDialect } from './support/stores.js';

const T0 = 1_800_000_000_000;

forEachDialect('storage contract: outbox batches', (ctx) => {
  const clock = new TestClock();
  clock.freeze(T0);
  let calendarId = '';
  let alice: IdentityKey = 'user:';
  /** Deliveries there before each test. */
  let seen = new Set<string>();

  const append = (data: ChangeData) => ctx().store.changes.append({ tenantKey: ACME, calendarId, actor: alice, affected: [], at: clock.now(), data });
  const drainAll = async (outbox: Outbox) => {
    while ((await outbox.drain()) > 0);
  };
  /** The deliveries made since the test began, as [calendar_event_id, change_type]. */
  const made = async (): Promise<Delivery[]> => (await ctx().store.deliveries.list({ limit: 1000 })).filter((d) => !seen.has(d.eventId));
  const summary = (deliveries: Delivery[]) => deliveries.map((d) => [d.event.calendar_event_id, d.changeType]).sort();

  before(async () => {
    const { store } = ctx();
    await loadFixture(store, testFixture(), clock);
    await new AppEvents(store).configure(APPS.full.app_id, { delivery: 'webhook', request_url: 'http://127.0.0.1:9/lark/events' });
    const user = (await store.tenancy.findUserByUserId(ACME, 'alice'))!;
    alice = `user:${user.ref}`;
    calendarId = (await store.calendars.primaryOf(alice))!.calendarId;
    await store.eventSubscriptions.put(APPS.full.app_id, alice, 'event', calendarId, clock.now());
    clock.advance(1);
    await drainAll(new Outbox(store, clock));
  });

  const begin = async () => {
    seen = new Set((await ctx().store.deliveries.list({ limit: 1000 })).map((d) => d.eventId));
  };

  test('one drain: its changes merge among themselves, one row per event and kind', async () => {
    await begin();
    const outbox = new Outbox(ctx().store, clock, { mergeWindowMs: 3000 });
    await append({ kind: 'event.created', eventId: 'e1', timeoffEventId: null });
    await append({ kind: 'event.updated', eventId: 'e1', removedFrom: [] });
    await append({ kind: 'event.created', eventId: 'e2', timeoffEventId: null });
    await append({ kind: 'event.deleted', eventId: 'e2', timeoffEventId: null });
    await append({ kind: 'event.updated', eventId: 'e3', removedFrom: [] });
    await append({ kind: 'event.rsvp', eventId: 'e3', user: alice, rsvpStatus: 'accept' });
    await append({ kind: 'event.updated', eventId: 'e3', removedFrom: [] });
    await append({ kind: 'event.rsvp', eventId: 'e3', user: alice, rsvpStatus: 'decline' });
    assert.equal(await outbox.drain(), 8, 'one batch');
    const rows = await made();
    assert.deepEqual(summary(rows), [['e1', 'create'], ['e3', 'rsvp'], ['e3', 'update']]);
    const rsvp = rows.find((d) => d.changeType === 'rsvp')!;
    assert.deepEqual((rsvp.event.rsvp_infos as Array<{ rsvp_status: string }>).map((r) => r.rsvp_status), ['decline'], 'the last RSVP');
    assert.ok(rows.every((d) => d.status === 'pending' && d.attempts === 0 && d.dueAt === d.createdAt + 3000));

    // A later drain merges into the stored row while its window is open.
    await append({ kind: 'event.updated', eventId: 'e1', removedFrom: [] });
    await drainAll(outbox);
    assert.deepEqual(summary(await made()), [['e1', 'create'], ['e3', 'rsvp'], ['e3', 'update']]);
    await append({ kind: 'event.deleted', eventId: 'e1', timeoffEventId: null });
    await drainAll(outbox);
    assert.deepEqual(summary(await made()), [['e3', 'rsvp'], ['e3', 'update']], 'create then delete: nothing');
  });

  test('merging off: every change is a delivery of its own, written in one batch', async () => {
    await begin();
    const outbox = new Outbox(ctx().store, clock, { mergeWindowMs: 0 });
    for (let i = 0; i < 150; i++) await append({ kind: 'event.created', eventId: `bulk${i}`, timeoffEventId: null });
    assert.equal(await outbox.drain(), 150);
    const rows = await made();
    assert.equal(rows.length, 150, 'past one statement\'s rows');
    assert.deepEqual(new Set(rows.map((d) => d.event.calendar_event_id)).size, 150);
    assert.ok(rows.every((d) => d.dueAt === d.createdAt));
  });

  test('attempts recorded together: each by how it ended, and only while the worker holds it', async () => {
    await begin();
    const { store } = ctx();
    const outbox = new Outbox(store, clock, { mergeWindowMs: 0 });
    for (let i = 0; i < 4; i++) await append({ kind: 'event.created', eventId: `rec${i}`, timeoffEventId: null });
    await drainAll(outbox);
    const ids = (await made()).map((d) => d.eventId);
    assert.equal(ids.length, 4);
    clock.advance(10);
    const now = clock.now();
    const claimed = await store.deliveries.claimDue(now, 'w1', now + 30_000, 1000, []);
    assert.ok(ids.every((id) => claimed.some((d) => d.eventId === id)), 'all four claimed by w1');
    const [a, b, c, d] = ids as [string, string, string, string];
    const attempt = (eventId: string, ok: boolean) => ({ eventId, attempt: 1, at: now, transport: 'webhook' as const, ok, code: ok ? 200 : 500, latencyMs: 3, error: ok ? null : 'HTTP 500' });
    await store.deliveries.recordAttempts('w2', [{ attempt: attempt(d, true), next: { status: 'delivered', dueAt: now } }]);
    await store.deliveries.recordAttempts('w1', [
      { attempt: attempt(a, true), next: { status: 'delivered', dueAt: now } },
      { attempt: attempt(b, true), next: { status: 'delivered', dueAt: now } },
      { attempt: attempt(c, false), next: { status: 'failed', dueAt: now + 15_000 } },
    ]);
    const state = async (id: string) => {
      const row = (await store.deliveries.get(id))!;
      return [row.status, row.attempts, row.dueAt - now];
    };
    assert.deepEqual(await state(a), ['delivered', 1, 0]);
    assert.deepEqual(await state(b), ['delivered', 1, 0]);
    assert.deepEqual(await state(c), ['failed', 1, 15_000]);
    assert.deepEqual(await state(d), ['pending', 0, -10], 'w2 never held it');
    const attempts = await store.deliveries.attemptsOf(ids);
    assert.deepEqual(attempts.map((x) => [x.eventId, x.attempt, x.ok, x.code]).sort(), [[a, 1, true, 200], [b, 1, true, 200], [c, 1, false, 500]].sort());
    // The rows left the worker: nothing is left for it to record.
    await store.deliveries.recordAttempts('w1', [{ attempt: { ...attempt(c, true), attempt: 2 }, next: { status: 'delivered', dueAt: now } }]);
    assert.deepEqual(await state(c), ['failed', 1, 15_000]);
  });

  test('a round records its attempts and claims in one transaction, by the same lease rules', async () => {
    await begin();
    const { store } = ctx();
    const outbox = new Outbox(store, clock, { mergeWindowMs: 0 });
    const claim = (limit: number) => ({ now: clock.now(), leaseUntil: clock.now() + 30_000, limit, connectedApps: [] });
    // Earlier tests left open rows, some due later: another worker holds them all for the length of this test.
    await store.deliveries.recordAndClaim('w0', [], { ...claim(1000), now: clock.now() + 60_000, leaseUntil: clock.now() + 3_600_000 });
    for (let i = 0; i < 3; i++) await append({ kind: 'event.created', eventId: `round${i}`, timeoffEventId: null });
    await drainAll(outbox);
    const ids = (await made()).map((d) => d.eventId);
    assert.equal(ids.length, 3);
    clock.advance(10);
    const now = clock.now();
    const first = await store.deliveries.recordAndClaim('w1', [], claim(2));
    assert.equal(first.length, 2, 'the limit holds');
    const [a, b] = first.map((d) => d.eventId) as [string, string];
    const other = await store.deliveries.recordAndClaim('w2', [], claim(10));
    assert.deepEqual(other.map((d) => d.eventId), ids.filter((id) => id !== a && id !== b), 'w1\'s leases are skipped');
    const attempt = (eventId: string, ok: boolean) => ({ eventId, attempt: 1, at: now, transport: 'webhook' as const, ok, code: ok ? 200 : 500, latencyMs: 3, error: ok ? null : 'HTTP 500' });
    const next = await store.deliveries.recordAndClaim('w1', [
      { attempt: attempt(a, true), next: { status: 'delivered', dueAt: now } },
      { attempt: attempt(b, false), next: { status: 'failed', dueAt: now + 15_000 } },
      { attempt: attempt(other[0]!.eventId, true), next: { status: 'delivered', dueAt: now } },
    ], claim(10));
    assert.deepEqual(next, [], 'delivered, not yet due, and held by w2: nothing to take');
    assert.deepEqual([(await store.deliveries.get(a))!.status, (await store.deliveries.get(b))!.status], ['delivered', 'failed']);
    assert.equal((await store.deliveries.get(other[0]!.eventId))!.status, 'pending', 'w1 never held it: its attempt is not recorded');
    assert.deepEqual((await store.deliveries.attemptsOf(ids)).map((x) => [x.eventId, x.ok]).sort(), [[a, true], [b, false]].sort());
    clock.advance(15_000);
    const retry = await store.deliveries.recordAndClaim('w1', [], claim(10));
    assert.deepEqual(retry.map((d) => [d.eventId, d.attempts]), [[b, 1]], 'the failed one, once due');
  });
});
