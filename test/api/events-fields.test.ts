/**
 * The event's sub-objects (location, vchat, reminders, attachments,
 * event_check_in) come back as they were sent, in every shape that carries
 * them, although the core holds them in its own terms (events.md §2.1, §2.8–§2.9).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { DIALECTS } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

const at = (ts: number) => ({ timestamp: String(ts), timezone: 'Asia/Shanghai' });
const START = 1_800_000_000;

const LOCATION = { name: 'Room 4', address: '1 Main St', latitude: 31.2304, longitude: 121.4737 };
const SETTINGS = {
  owner_id: 'ou_owner', join_meeting_permission: 'only_event_attendees' as const, password: '2468', assign_hosts: ['ou_host'],
  auto_record: true, open_lobby: false, allow_attendees_start: true,
};
const VCHAT = {
  vc_type: 'vc', icon_type: 'live', description: 'Weekly', meeting_url: 'https://vc.feishu.cn/j/123456789', live_link: 'https://live.example/1',
  vc_info: { unique_id: 'vc_1', meeting_no: '123456789' }, meeting_settings: SETTINGS,
} as const satisfies Record<string, unknown>;
const LINK = { vc_type: 'third_party', icon_type: 'default', description: '', meeting_url: 'https://meet.example/x' } as const;
const CHECK_IN = {
  enable_check_in: true, check_in_start_time: { time_type: 'before_event_start', duration: 15 },
  check_in_end_time: { time_type: 'after_event_end', duration: 60 }, need_notify_attendees: true,
} as const;

function fixtureWithDrive(): Fixture {
  const fixture = testFixture();
  for (const tenant of fixture.tenants) {
    for (const app of tenant.apps ?? []) if (app.app_id !== APPS.noscope.app_id) app.scopes = [...(app.scopes ?? []), 'docs:document.media:upload'];
  }
  return fixture;
}

for (const dialect of DIALECTS) {
  describe(`events: sub-objects echo as sent (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, fixture: fixtureWithDrive() });
    });
    after(() => server.close());

    const ev = () => server.client().calendar.v4.calendarEvent;

    test('create, get with meeting settings, patch, list, instances and instance_view answer the sub-objects as sent', async () => {
      const alice = await server.asUser('alice');
      const calendarId = (await server.client().calendar.v4.calendar.primary({}, alice)).data!.calendars![0]!.calendar!.calendar_id!;
      const file = Buffer.from('minutes of the last meeting');
      const token = (await server.client().drive.v1.media.uploadAll(
        { data: { file_name: 'minutes.txt', parent_type: 'calendar', parent_node: calendarId, size: file.length, file } }, alice))!.file_token!;
      const attachment = { file_token: token, file_size: String(file.length), name: 'minutes.txt' };

      const created = (await ev().create({ path: { calendar_id: calendarId }, data: {
        summary: 'Sync', start_time: at(START), end_time: at(START + 3600), recurrence: 'FREQ=DAILY;COUNT=2', location: LOCATION, vchat: VCHAT,
        reminders: [{ minutes: 15 }, { minutes: -5 }], attachments: [{ file_token: token }], event_check_in: CHECK_IN,
      } }, alice)).data!.event!;
      assert.deepEqual(
        [created.location, created.vchat, created.reminders, created.attachments, created.event_check_in],
        [LOCATION, VCHAT, [{ minutes: 15 }, { minutes: -5 }], [attachment], CHECK_IN],
      );
      const path = { calendar_id: calendarId, event_id: created.event_id! };
      const got = (await ev().get({ path, params: { need_meeting_settings: true } }, alice)).data!.event!;
      assert.deepEqual([got.location, got.vchat, got.attachments, got.event_check_in], [LOCATION, VCHAT, [attachment], CHECK_IN]);
      const { meeting_settings: _settings, ...withoutSettings } = VCHAT;
      assert.deepEqual((await ev().get({ path }, alice)).data!.event!.vchat, withoutSettings);

      const listed = (await ev().list({ path: { calendar_id: calendarId }, params: { page_size: 1000 } }, alice)).data!.items!.find((e) => e.event_id === created.event_id)!;
      assert.deepEqual([listed.location, listed.vchat, listed.attachments], [LOCATION, withoutSettings, [attachment]]);
      const [instance] = (await ev().instances({ path, params: { start_time: String(START), end_time: String(START + 86400) } }, alice)).data!.items!;
      assert.deepEqual(instance!.location, LOCATION);
      const [viewed] = (await ev().instanceView({ path: { calendar_id: calendarId }, params: { start_time: String(START), end_time: String(START + 86400) } }, alice)).data!.items!;
      assert.deepEqual([viewed!.location, viewed!.vchat], [LOCATION, withoutSettings]);

      const patched = (await ev().patch({ path, data: { vchat: LINK, location: { name: 'Online' }, attachments: [{ file_token: token, is_deleted: true }] } }, alice)).data!.event!;
      assert.deepEqual([patched.vchat, patched.location, patched.attachments, patched.event_check_in], [LINK, { name: 'Online' }, [], CHECK_IN]);
    });
  });
}
