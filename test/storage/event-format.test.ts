/**
 * The stored event format is versioned (repositories/event-content*.ts).
 * Rows written before migration 0009 read as the same events with today's
 * code: they are built by hand, as 0007's schema and the repository of that
 * time stored them (content JSON v1, free/busy copy, tombstone, extras), in a
 * database migrated only that far; then the store opens (migrating it) and reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator, type Kysely } from 'kysely';
import type { CalendarEvent } from '../../src/core/events/model.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase } from '../support/database.js';
import { forEachDialect, openRaw } from './support/stores.js';

const SERIES = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const START = 1_767_578_400; // 2026-01-05 10:00 Asia/Shanghai
const SECOND = START + 86400;
const THIRD = START + 2 * 86400;
const CALENDAR = 'feishu.cn_old@group.calendar.feishu.cn';
const start = { kind: 'timed', ts: START, tz: 'Asia/Shanghai' } as const;
const end = { kind: 'timed', ts: START + 3600, tz: 'Asia/Shanghai' } as const;

/** Fields that were stored then as they are read now. */
const PLAIN = {
  summary: 'Weekly sync', description: 'Notes', descriptionRich: '', start, end, recurrence: 'FREQ=DAILY;COUNT=3',
  visibility: 'public', attendeeAbility: 'can_see_others', freeBusyStatus: 'busy', color: -11034625, reminders: [{ minutes: 15 }],
  schemas: [{ ui_name: 'ForwardIcon', ui_status: 'hide' }], source: '',
} satisfies Partial<CalendarEvent>;

/** The content column as eventToRow wrote it before 0009: sub-objects as Feishu's JSON. */
const V1_CONTENT = {
  ...PLAIN,
  location: { name: 'Room 4', address: '1 Main St', latitude: 31.2, longitude: 121.5 },
  vchat: {
    vc_type: 'vc', icon_type: 'live', description: 'Join', meeting_url: 'https://vc.feishu.cn/j/123456789', vc_info: { unique_id: 'vc_1', meeting_no: '123456789' },
    meeting_settings: { join_meeting_permission: 'only_event_attendees', password: '1234', assign_hosts: ['ou_1'], auto_record: true, allow_attendees_start: false },
  },
  attachments: [{ file_token: 'boxcnOld', file_size: '2048', name: 'agenda.pdf' }],
  checkIn: { enable_check_in: true, check_in_start_time: { time_type: 'before_event_start', duration: 15 }, check_in_end_time: { time_type: 'after_event_end', duration: 5 }, need_notify_attendees: false },
};

function row(originalTime: number, fields: Record<string, unknown> = {}) {
  const content = originalTime === 0 ? V1_CONTENT : { ...V1_CONTENT, recurrence: '', start: { ...start, ts: originalTime }, end: { ...end, ts: originalTime + 3600 } };
  return {
    event_id: `${SERIES}_${originalTime}`, uid: SERIES, original_time: originalTime, tenant_key: 't_old', organizer_calendar_id: CALENDAR, organizer: 'user:u_old',
    content: JSON.stringify(content), status: 'confirmed', is_exception: originalTime === 0 ? 0 : 1, is_recurring: originalTime === 0 ? 1 : 0,
    summary: 'Weekly sync', create_time: 1_767_000_000, version: 7, first_start: originalTime || START,
    last_end: originalTime === 0 ? THIRD + 3600 : originalTime + 3600, occurrences: null, ...fields,
  };
}

/** 0007's copy on a placement (busyOf as of 0007). */
function busy(originalTime: number, taken: number[]): string {
  const exception = originalTime > 0;
  return JSON.stringify({
    uid: SERIES, originalTime, status: 'confirmed', isException: exception, start: exception ? { ...start, ts: originalTime } : start,
    end: exception ? { ...end, ts: originalTime + 3600 } : end, recurrence: exception ? '' : 'FREQ=DAILY;COUNT=3', freeBusyStatus: 'busy', occurrences: null, taken,
  });
}

/** The master as today's code reads it: the sub-objects in the core's terms. */
const MASTER: CalendarEvent = {
  ...PLAIN,
  location: { name: 'Room 4', address: '1 Main St', latitude: 31.2, longitude: 121.5 },
  videoMeeting: {
    kind: 'builtIn', icon: 'live', label: 'Join', url: 'https://vc.feishu.cn/j/123456789', room: { uniqueId: 'vc_1', number: '123456789' },
    settings: { joinPolicy: 'attendees', password: '1234', hosts: ['ou_1'], autoRecord: true, attendeesMayStart: false },
  },
  attachments: [{ fileToken: 'boxcnOld', size: 2048, name: 'agenda.pdf' }],
  checkIn: { enabled: true, opens: { anchor: 'beforeStart', minutes: 15 }, closes: { anchor: 'afterEnd', minutes: 5 }, notifyAttendees: false },
  eventId: `${SERIES}_0`, seriesId: SERIES, uid: SERIES, originalTime: 0, tenantKey: 't_old', organizerCalendarId: CALENDAR, organizer: 'user:u_old',
  status: 'confirmed', isException: false, createTime: 1_767_000_000, version: 7, firstStart: START, lastEnd: THIRD + 3600,
};

test('events stored before 0009 read as the same events: series id, uid, content, copies, tombstones, extras', async (t) => {
  for (const dialect of DIALECTS) {
    await t.test(dialect, async () => {
      const database = await freshDatabase(dialect);
      const raw = openRaw(database.url) as unknown as Kysely<any>;
      try {
        const migrator = new Migrator({ db: raw, provider: migrationProvider(database.url.dialect) });
        assert.equal((await migrator.migrateTo('0007-free-busy-reads')).error, undefined);
        await raw.insertInto('events').values([row(0), row(SECOND)]).execute();
        const placement = (originalTime: number, taken: number[]) => ({
          calendar_id: CALENDAR, event_id: `${SERIES}_${originalTime}`, reason: 'organizer', removed: 0, version: 7,
          first_start: originalTime || START, last_end: originalTime === 0 ? THIRD + 3600 : originalTime + 3600, busy: busy(originalTime, taken),
        });
        await raw.insertInto('event_placements').values([placement(0, [SECOND, THIRD]), placement(SECOND, [])]).execute();
        // The third occurrence was an exception, destroyed with delete_exception=true: its tombstone holds its row.
        const destroyed = row(THIRD, { status: 'cancelled' });
        await raw.insertInto('event_tombstones').values({ calendar_id: CALENDAR, event_id: destroyed.event_id, version: 9, first_start: THIRD, last_state: JSON.stringify(destroyed) }).execute();
        await raw.insertInto('event_extras').values({ uid: SERIES, meeting_chat_id: 'oc_old', meeting_chat_owner: 'user:u_old', minute_url: null }).execute();

        const store = await openStore(database.url);
        try {
          assert.deepEqual(await store.events.get(MASTER.eventId), MASTER);
          const [exception, ...none] = await store.events.exceptionsOf(SERIES);
          assert.equal(none.length, 0);
          assert.deepEqual([exception!.eventId, exception!.seriesId, exception!.uid, exception!.isException], [`${SERIES}_${SECOND}`, SERIES, SERIES, true]);
          assert.deepEqual((await store.events.findByUid('t_old', SERIES)).map((e) => e.eventId), [MASTER.eventId, exception!.eventId]);

          const candidates = await store.events.listBusyCandidates(CALENDAR, START, THIRD + 3600, { ref: 'u_old', identity: 'user:u_old' });
          const master = candidates.find((c) => c.event.eventId === MASTER.eventId)!;
          assert.equal(master.event.seriesId, SERIES, "0007's copy names the series");
          assert.deepEqual(master.taken, [SECOND, THIRD]);

          const [tombstone] = await store.events.listTombstones(CALENDAR, 0, 0, 10);
          assert.deepEqual([tombstone!.event.eventId, tombstone!.event.seriesId, tombstone!.event.uid, tombstone!.event.summary], [destroyed.event_id, SERIES, SERIES, 'Weekly sync']);
          assert.deepEqual(await store.eventExtras.get(SERIES), { meetingChatId: 'oc_old', meetingChatOwner: 'user:u_old', minuteUrl: null });
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

forEachDialect('storage: event content versions', (ctx) => {
  const event: CalendarEvent = { ...MASTER, eventId: '0a1b2c3d-0000-4000-8000-000000000000_0', seriesId: '0a1b2c3d-0000-4000-8000-000000000000', uid: 'v2@example.com', tenantKey: 't_v2' };
  const content = async () => {
    const raw = openRaw(ctx().database.url) as unknown as Kysely<any>;
    try {
      return (await raw.selectFrom('events').select('content').where('event_id', '=', event.eventId).executeTakeFirstOrThrow()).content as string;
    } finally {
      await raw.destroy();
    }
  };
  const setContent = async (text: string) => {
    const raw = openRaw(ctx().database.url) as unknown as Kysely<any>;
    try {
      await raw.updateTable('events').set({ content: text }).where('event_id', '=', event.eventId).execute();
    } finally {
      await raw.destroy();
    }
  };

  test('writes carry version 2, the sub-objects in the core\'s terms, and read back as written', async () => {
    await ctx().store.events.insert(event);
    const stored = JSON.parse(await content());
    assert.equal(stored.v, 2);
    assert.deepEqual(stored.videoMeeting, MASTER.videoMeeting);
    assert.equal('vchat' in stored, false);
    assert.deepEqual(await ctx().store.events.get(event.eventId), event);
  });

  test('the same event stored as version 1 reads the same', async () => {
    await setContent(JSON.stringify(V1_CONTENT));
    assert.deepEqual(await ctx().store.events.get(event.eventId), event);
  });

  test('a version this code does not know is refused, not misread', async () => {
    await setContent(JSON.stringify({ ...V1_CONTENT, v: 3 }));
    await assert.rejects(ctx().store.events.get(event.eventId), /unknown format version 3/);
  });
});
