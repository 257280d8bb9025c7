/**
 * Contract: the change feed (ChangeLog's readAfter and cursors) and the
 * subscription lookups delivery targets with. Readers here are a second store
 * on the same database: they see only what has committed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import type { ChangeData, ChangeKind, LoggedChange } from '../../src/core/changes/model.js';
import type { Store } from '../../src/core/ports.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase } from '../support/database.js';
import { change, forEachDialect, openRaw, sleep, unique } from './support/stores.js';

/** One of every kind: the Record makes the compiler insist on each. */
const SAMPLES: Record<ChangeKind, ChangeData> = {
  'calendar.created': { kind: 'calendar.created', calendarType: 'resource', roomId: 'omm_1' },
  'calendar.updated': { kind: 'calendar.updated' },
  'calendar.deleted': { kind: 'calendar.deleted' },
  'membership.added': { kind: 'membership.added', member: 'user:a' },
  'membership.removed': { kind: 'membership.removed', member: 'user:a' },
  'membership.updated': { kind: 'membership.updated', member: 'app:cli_1' },
  'acl.created': { kind: 'acl.created', aclId: 'user_1', grantee: 'user:b', role: 'reader' },
  'acl.roleChanged': { kind: 'acl.roleChanged', aclId: 'user_1', grantee: 'user:b', role: 'writer', previousRole: 'reader' },
  'acl.deleted': { kind: 'acl.deleted', aclId: 'user_1', grantee: 'user:b', role: 'writer' },
  'event.created': { kind: 'event.created', eventId: 'e_0', timeoffEventId: 'to_1' },
  'event.updated': { kind: 'event.updated', eventId: 'e_0', removedFrom: ['room@resource'] },
  'event.deleted': { kind: 'event.deleted', eventId: 'e_0', timeoffEventId: null },
  'event.rsvp': { kind: 'event.rsvp', eventId: 'e_0', user: 'user:c', rsvpStatus: 'tentative' },
  'event.attendeesAdded': { kind: 'event.attendeesAdded', eventId: 'e_0', attendeeIds: ['user_1', 'chat_2'], addedTo: ['c1', 'c2'] },
  'event.attendeesRemoved': { kind: 'event.attendeesRemoved', eventId: 'e_0', attendeeIds: ['user_1'], removedFrom: [] },
  'event.exceptionChanged': { kind: 'event.exceptionChanged', eventId: 'e_1700000000', originalTime: 1_700_000_000, change: 'destroyed', removedFrom: [] },
  'event.personalUpdated': { kind: 'event.personalUpdated', eventId: 'e_0', attendee: 'user:d' },
};

forEachDialect('storage contract: change feed', (ctx) => {
  /** A second store on the same database: another connection, another process in all but name. */
  let reader: Store;
  before(async () => {
    reader = await openStore(ctx().database.url);
  });
  after(() => reader.close());

  test('readAfter: changes above the given number, in order, at most `limit`', async () => {
    const { store } = ctx();
    const base = await store.changes.head();
    const seqs: number[] = [];
    for (const calendarId of ['a', 'b', 'c', 'd']) seqs.push(await store.changes.append(change({ calendarId })));
    assert.deepEqual((await reader.changes.readAfter(base, 10)).map((c) => [c.seq, c.calendarId]), seqs.map((s, i) => [s, 'abcd'[i]]));
    assert.deepEqual((await reader.changes.readAfter(base, 2)).map((c) => c.seq), seqs.slice(0, 2));
    assert.deepEqual((await reader.changes.readAfter(seqs[1]!, 10)).map((c) => c.seq), seqs.slice(2));
    assert.deepEqual(await reader.changes.readAfter(seqs[3]!, 10), []);
  });

  test('every kind of change reads back as written, with its envelope', async () => {
    const { store } = ctx();
    const base = await store.changes.head();
    const written = Object.values(SAMPLES).map((data, i) => change({
      tenantKey: 'tk', calendarId: `cal${i}`, actor: i % 2 ? 'user:actor' : null, affected: i % 3 ? ['user:x', 'app:cli_y'] : [], at: 1_700_000_000_000 + i, data,
    }));
    const seqs = await store.transaction(async (repos) => {
      const out: number[] = [];
      for (const c of written) out.push(await repos.changes.append(c));
      return out;
    });
    assert.deepEqual(await reader.changes.readAfter(base, 100), written.map((c, i) => ({ ...c, seq: seqs[i] })));
  });

  test('while N is uncommitted, readers see neither N nor a later N+1', async () => {
    const { store } = ctx();
    const base = await store.changes.head();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const first = new Promise<void>((resolve) => (appended = resolve));
    const slow = store.transaction(async (repos) => {
      const seq = await repos.changes.append(change({ calendarId: 'slow' }));
      appended();
      await gate;
      return seq;
    });
    await first;
    const fast = store.transaction((repos) => repos.changes.append(change({ calendarId: 'fast' })));
    const direct = store.changes.append(change({ calendarId: 'direct' }));
    await sleep(150);
    assert.deepEqual(await reader.changes.readAfter(base, 10), [], 'nothing of the open transaction, nor of those behind it');
    release();
    const seqs = [await slow, await fast, await direct];
    assert.deepEqual((await reader.changes.readAfter(base, 10)).map((c) => c.seq), [...seqs].sort((a, b) => a - b));
    assert.equal((await reader.changes.readAfter(base, 10))[0]!.calendarId, 'slow');
  });

  test('a reader polling during 30 racing writers only ever sees a gapless prefix', async () => {
    const { store } = ctx();
    const base = await store.changes.head();
    let running = true;
    const seen: number[][] = [];
    const polling = (async () => {
      while (running) {
        seen.push((await reader.changes.readAfter(base, 100)).map((c) => c.seq));
        await sleep(1);
      }
    })();
    const writers = Array.from({ length: 30 }, (_, i) => store.transaction(async (repos) => {
      await sleep(i % 3);
      const a = await repos.changes.append(change({ calendarId: `w${i}` }));
      await sleep((i * 7) % 5);
      const b = await repos.changes.append(change({ calendarId: `w${i}` }));
      return [a, b];
    }));
    const seqs = (await Promise.all(writers)).flat();
    running = false;
    await polling;
    seen.push((await reader.changes.readAfter(base, 100)).map((c) => c.seq));
    for (const prefix of seen) assert.deepEqual(prefix, prefix.map((_, i) => base + 1 + i), `gap in ${prefix.join(',')}`);
    assert.equal(seen.at(-1)!.length, 60);
    assert.equal(new Set(seqs).size, 60);
  });

  test('cursors: 0 before the first advance; never move back; per consumer', async () => {
    const { store } = ctx();
    const consumer = unique('delivery-');
    assert.equal(await store.changes.cursor(consumer), 0);
    await store.changes.advanceCursor(consumer, 7);
    await store.changes.advanceCursor(consumer, 12);
    await store.changes.advanceCursor(consumer, 9);
    assert.equal(await store.changes.cursor(consumer), 12);
    assert.equal(await store.changes.cursor(`${consumer}-other`), 0);
  });

  test('a cursor survives closing the store and opening the database again', async () => {
    const { database } = ctx();
    const consumer = unique('caldav-');
    const first = await openStore(database.url);
    await first.transaction((repos) => repos.changes.advanceCursor(consumer, 42));
    await first.close();
    const again = await openStore(database.url);
    try {
      assert.equal(await again.changes.cursor(consumer), 42);
    } finally {
      await again.close();
    }
  });

  test('a cursor moves with the work of its transaction, or not at all', async () => {
    const { store } = ctx();
    const consumer = unique('worker-');
    await store.changes.advanceCursor(consumer, 1);
    const head = await store.changes.head();
    await assert.rejects(store.transaction(async (repos) => {
      await repos.changes.append(change({ calendarId: 'recorded-work' }));
      await repos.changes.advanceCursor(consumer, head);
      throw new Error('delivery failed');
    }));
    assert.equal(await reader.changes.cursor(consumer), 1);
    assert.deepEqual(await reader.changes.readAfter(head, 10), []);
    const seq = await store.transaction(async (repos) => {
      const n = await repos.changes.append(change({ calendarId: 'recorded-work' }));
      await repos.changes.advanceCursor(consumer, head);
      return n;
    });
    assert.equal(await reader.changes.cursor(consumer), head);
    assert.deepEqual((await reader.changes.readAfter(head, 10)).map((c) => c.seq), [seq]);
  });

  test('subscriptions: listed by calendar (one kind) and by identity (any or one kind)', async () => {
    const { store } = ctx();
    const cal = unique('cal');
    const [alice, bob] = [`user:${unique('a')}`, `user:${unique('b')}`] as const;
    await store.eventSubscriptions.put('cli_2', alice, 'event', cal, 30);
    await store.eventSubscriptions.put('cli_1', bob, 'event', cal, 10);
    await store.eventSubscriptions.put('cli_1', alice, 'event', cal, 20);
    await store.eventSubscriptions.put('cli_1', alice, 'acl', cal, 40);
    await store.eventSubscriptions.put('cli_1', alice, 'calendar_list', '', 50);
    await store.eventSubscriptions.put('cli_1', alice, 'event', `${cal}x`, 60);
    assert.deepEqual(await store.eventSubscriptions.listByCalendar('event', cal), [
      { appId: 'cli_1', identity: bob, kind: 'event', calendarId: cal, createdAt: 10 },
      { appId: 'cli_1', identity: alice, kind: 'event', calendarId: cal, createdAt: 20 },
      { appId: 'cli_2', identity: alice, kind: 'event', calendarId: cal, createdAt: 30 },
    ]);
    assert.deepEqual((await store.eventSubscriptions.listByCalendar('acl', cal)).map((s) => s.identity), [alice]);
    assert.deepEqual((await store.eventSubscriptions.listByIdentity(alice)).map((s) => [s.appId, s.kind, s.calendarId]), [
      ['cli_1', 'event', cal], ['cli_2', 'event', cal], ['cli_1', 'acl', cal], ['cli_1', 'calendar_list', ''], ['cli_1', 'event', `${cal}x`],
    ]);
    assert.deepEqual((await store.eventSubscriptions.listByIdentity(alice, 'calendar_list')).map((s) => s.calendarId), ['']);
    await store.eventSubscriptions.delete('cli_1', bob, 'event', cal);
    assert.deepEqual(await store.eventSubscriptions.listByIdentity(bob), []);
  });
});

test('0008 turns the rows written before it into typed changes', async (t) => {
  for (const dialect of DIALECTS) {
    await t.test(dialect, async () => {
      const database = await freshDatabase(dialect);
      const raw = openRaw(database.url) as Kysely<any>;
      try {
        const migrator = new Migrator({ db: raw, provider: migrationProvider(database.url.dialect) });
        assert.equal((await migrator.migrateTo('0007-free-busy-reads')).error, undefined);
        await raw.insertInto('calendars').values({
          calendar_id: 'cv', tenant_key: 't', type: 'primary', summary: 'V', description: '', permissions: 'public', owner: 'user:v', is_third_party: 0, deleted: 0, version: 1,
        }).execute();
        const legacy: Array<[topic: string, type: string, identity: string | null, entity: string, payload: object, expected: Partial<LoggedChange>]> = [
          ['calendar', 'create', 'user:u', 'cu', { type: 'primary' }, { calendarId: 'cu', actor: null, affected: ['user:u'], data: { kind: 'calendar.created', calendarType: 'primary', roomId: null } }],
          ['calendar', 'create', null, 'cr', { type: 'resource', room_id: 'omm_1' }, { calendarId: 'cr', actor: null, affected: [], data: { kind: 'calendar.created', calendarType: 'resource', roomId: 'omm_1' } }],
          ['calendar', 'create', 'user:u', 'cs', {}, { calendarId: 'cs', actor: 'user:u', affected: ['user:u'], data: { kind: 'calendar.created', calendarType: 'shared', roomId: null } }],
          ['calendar', 'update', null, 'cs', {}, { calendarId: 'cs', actor: null, affected: [], data: { kind: 'calendar.updated' } }],
          ['calendar', 'delete', null, 'cs', {}, { calendarId: 'cs', actor: null, affected: [], data: { kind: 'calendar.deleted' } }],
          ['calendar_member', 'create', 'user:v', 'cs', {}, { calendarId: 'cs', actor: 'user:v', affected: ['user:v'], data: { kind: 'membership.added', member: 'user:v' } }],
          ['calendar_member', 'update', 'user:v', 'cs', {}, { calendarId: 'cs', actor: 'user:v', affected: ['user:v'], data: { kind: 'membership.updated', member: 'user:v' } }],
          ['calendar_member', 'delete', 'user:v', 'cs', {}, { calendarId: 'cs', actor: 'user:v', affected: ['user:v'], data: { kind: 'membership.removed', member: 'user:v' } }],
          ['acl', 'create', 'user:v', 'user_1', { role: 'reader', previous_role: null }, { calendarId: 'cs', actor: null, affected: ['user:v'], data: { kind: 'acl.created', aclId: 'user_1', grantee: 'user:v', role: 'reader' } }],
          ['acl', 'update', 'user:v', 'user_1', { role: 'writer', previous_role: 'reader' }, { calendarId: 'cs', actor: null, affected: ['user:v'], data: { kind: 'acl.roleChanged', aclId: 'user_1', grantee: 'user:v', role: 'writer', previousRole: 'reader' } }],
          ['acl', 'delete', 'user:v', 'user_1', { role: 'writer' }, { calendarId: 'cs', actor: null, affected: ['user:v'], data: { kind: 'acl.deleted', aclId: 'user_1', grantee: 'user:v', role: 'writer' } }],
          ['event', 'create', 'app:cli_1', 'e_0', { timeoff_event_id: 'to_1' }, { calendarId: 'cs', actor: 'app:cli_1', affected: [], data: { kind: 'event.created', eventId: 'e_0', timeoffEventId: 'to_1' } }],
          ['event', 'update', 'user:u', 'e_0', {}, { calendarId: 'cs', actor: 'user:u', affected: [], data: { kind: 'event.updated', eventId: 'e_0', removedFrom: [] } }],
          ['event', 'update', 'user:u', 'e_0', { attendees: ['user_2'], added_to: ['cv'], removed_from: [] }, { calendarId: 'cs', actor: 'user:u', affected: [], data: { kind: 'event.attendeesAdded', eventId: 'e_0', attendeeIds: ['user_2'], addedTo: ['cv'] } }],
          ['event', 'update', 'user:u', 'e_0', { attendees: ['user_2'], added_to: [], removed_from: ['cv'] }, { calendarId: 'cs', actor: 'user:u', affected: [], data: { kind: 'event.attendeesRemoved', eventId: 'e_0', attendeeIds: ['user_2'], removedFrom: ['cv'] } }],
          ['event', 'rsvp', 'user:v', 'e_0', { user_ref: 'v', rsvp_status: 'accept' }, { calendarId: 'cs', actor: 'user:v', affected: ['user:v'], data: { kind: 'event.rsvp', eventId: 'e_0', user: 'user:v', rsvpStatus: 'accept' } }],
          ['event', 'update', 'user:v', 'e_0', { personal: true }, { calendarId: 'cv', actor: 'user:v', affected: ['user:v'], data: { kind: 'event.personalUpdated', eventId: 'e_0', attendee: 'user:v' } }],
          ['event', 'delete', 'user:u', 'e_0', {}, { calendarId: 'cs', actor: 'user:u', affected: [], data: { kind: 'event.deleted', eventId: 'e_0', timeoffEventId: null } }],
        ];
        for (const [i, [topic, type, identity, entity, payload]] of legacy.entries()) {
          await raw.insertInto('changes').values({
            tenant_key: 't', topic, change_type: type, calendar_id: topic === 'calendar' ? entity : 'cs', identity, entity_id: entity, payload: JSON.stringify(payload), at: 1000 + i,
          }).execute();
        }
        const store = await openStore(database.url);
        try {
          const read = await store.changes.readAfter(0, 100);
          assert.deepEqual(read, legacy.map(([, , , , , expected], i) => ({ seq: i + 1, tenantKey: 't', at: 1000 + i, ...expected })));
          assert.equal(await store.changes.append(change()), legacy.length + 1, 'numbering goes on where it stopped');
        } finally {
          await store.close();
        }
      } finally {
        await raw.destroy();
        await database.drop();
      }
    });
  }
});
