/**
 * Event attachments backed by Drive media uploads (events.md §2.9; drive-v1
 * media/upload_all): upload through the SDK, attach, detach, and every refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fixture } from '../../src/core/tenancy/fixture.js';
import { DIALECTS } from '../support/database.js';
import { raw, sdkFailure } from '../support/http.js';
import { APPS, testFixture } from '../support/fixture.js';
import { startServer, type TestServer } from '../support/server.js';

const MB = 1024 * 1024;
const at = (ts: number) => ({ timestamp: String(ts), timezone: 'UTC' });

/** The shared fixture, with upload_all's scope on every app but the bare one. */
function fixtureWithDrive(): Fixture {
  const fixture = testFixture();
  for (const tenant of fixture.tenants) {
    for (const app of tenant.apps ?? []) if (app.app_id !== APPS.noscope.app_id) app.scopes = [...(app.scopes ?? []), 'docs:document.media:upload'];
  }
  return fixture;
}

/** Distinct, non-text bytes so a mangled upload would show. */
function bytes(length: number, seed = 7): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

for (const dialect of DIALECTS) {
  describe(`attachments: Drive media uploads back event attachments (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect, fixture: fixtureWithDrive() });
    });
    after(() => server.close());

    const media = () => server.client().drive.v1.media;
    const ev = () => server.client().calendar.v4.calendarEvent;
    const primaryOf = async (userId: string, app: 'full' | 'globex' = 'full') =>
      (await server.client(app).calendar.v4.calendar.primary({}, await server.asUser(userId, app))).data!.calendars![0]!.calendar!.calendar_id!;
    const upload = async (userId: string, calendarId: string, file: Buffer, name = 'agenda.pdf', app: 'full' | 'globex' = 'full') => {
      const res = await server.client(app).drive.v1.media.uploadAll(
        { data: { file_name: name, parent_type: 'calendar', parent_node: calendarId, size: file.length, file } }, await server.asUser(userId, app));
      return res!.file_token!;
    };
    const newEvent = async (userId: string, calendarId: string, attachments?: Array<{ file_token: string }>) =>
      ev().create({ path: { calendar_id: calendarId }, data: { summary: 'Review', start_time: at(1800000000), end_time: at(1800003600), ...(attachments && { attachments }) } }, await server.asUser(userId));

    test('an upload answers a file token and keeps the bytes as sent', async () => {
      const calendarId = await primaryOf('alice');
      const file = bytes(3000);
      const res = await media().uploadAll({ data: { file_name: 'agenda.pdf', parent_type: 'calendar', parent_node: calendarId, size: file.length, file } }, await server.asUser('alice'));
      assert.match(res!.file_token!, /^[A-Za-z0-9]{27}$/);
      assert.deepEqual(Buffer.from((await server.store.files.content(res!.file_token!))!), file);
      const [meta] = await server.store.files.getMany([res!.file_token!]);
      assert.deepEqual({ ...meta, fileToken: 'x', createdAt: 0, uploader: 'x' }, {
        fileToken: 'x', tenantKey: meta!.tenantKey, uploader: 'x', parentType: 'calendar', parentNode: calendarId, name: 'agenda.pdf', size: 3000,
        sha256: (await import('node:crypto')).createHash('sha256').update(file).digest('hex'), createdAt: 0,
      });
    });

    test('a tenant token uploads to the app\'s own calendar; a correct Adler-32 checksum is accepted', async () => {
      const appPrimary = (await server.client().calendar.v4.calendar.primary({})).data!.calendars![0]!.calendar!.calendar_id!;
      // adler32("Wikipedia") = 0x11E60398 (the textbook example).
      const file = Buffer.from('Wikipedia');
      const res = await media().uploadAll({ data: { file_name: 'w.txt', parent_type: 'calendar', parent_node: appPrimary, size: 9, checksum: String(0x11e60398), file } });
      assert.match(res!.file_token!, /^[A-Za-z0-9]{27}$/);
    });

    test('create carries size and name; get and list show them; patch adds and is_deleted removes', async () => {
      const calendarId = await primaryOf('alice');
      const a = await upload('alice', calendarId, bytes(1234), 'agenda.pdf');
      const b = await upload('alice', calendarId, bytes(77, 3), 'notes 会议.txt');
      const created = (await newEvent('alice', calendarId, [{ file_token: a }])).data!.event!;
      assert.deepEqual(created.attachments, [{ file_token: a, file_size: '1234', name: 'agenda.pdf' }]);
      const alice = await server.asUser('alice');
      const got = await ev().get({ path: { calendar_id: calendarId, event_id: created.event_id! } }, alice);
      assert.deepEqual(got.data!.event!.attachments, [{ file_token: a, file_size: '1234', name: 'agenda.pdf' }]);

      const added = await ev().patch({ path: { calendar_id: calendarId, event_id: created.event_id! }, data: { attachments: [{ file_token: b }] } }, alice);
      assert.deepEqual(added.data!.event!.attachments, [
        { file_token: a, file_size: '1234', name: 'agenda.pdf' }, { file_token: b, file_size: '77', name: 'notes 会议.txt' },
      ]);
      const removed = await ev().patch({ path: { calendar_id: calendarId, event_id: created.event_id! }, data: { attachments: [{ file_token: a, is_deleted: true }] } }, alice);
      assert.deepEqual(removed.data!.event!.attachments, [{ file_token: b, file_size: '77', name: 'notes 会议.txt' }]);
      const listed = await ev().list({ path: { calendar_id: calendarId }, params: { start_time: '1799990000', end_time: '1800010000' } }, alice);
      assert.deepEqual(listed.data!.items!.find((e) => e.event_id === created.event_id)!.attachments, [{ file_token: b, file_size: '77', name: 'notes 会议.txt' }]);
    });

    test('193105 for a token no upload answered', async () => {
      const calendarId = await primaryOf('alice');
      const r = await sdkFailure(newEvent('alice', calendarId, [{ file_token: 'boxcnrHpsg1QDqXAAAyachabcef' }]));
      assert.equal(r.status, 400);
      assert.equal(r.body.code, 193105);
      assert.equal(r.body.msg, 'invalid attachment file token');
      const event = (await newEvent('alice', calendarId)).data!.event!;
      const p = await sdkFailure(ev().patch({ path: { calendar_id: calendarId, event_id: event.event_id! }, data: { attachments: [{ file_token: 'nope' }] } }, await server.asUser('alice')));
      assert.deepEqual([p.status, p.body.code], [400, 193105]);
    });

    test('193107 for a file uploaded for another calendar, or in another tenant', async () => {
      const alicePrimary = await primaryOf('alice');
      const bobsFile = await upload('bob', await primaryOf('bob'), bytes(10));
      const r = await sdkFailure(newEvent('alice', alicePrimary, [{ file_token: bobsFile }]));
      assert.deepEqual([r.status, r.body.code, r.body.msg], [400, 193107, 'no permission to access attachment file token']);
      const zedsFile = await upload('zed', await primaryOf('zed', 'globex'), bytes(10), 'z.bin', 'globex');
      const z = await sdkFailure(newEvent('alice', alicePrimary, [{ file_token: zedsFile }]));
      assert.deepEqual([z.status, z.body.code], [400, 193107]);
    });

    test('193106 when the event\'s attachments would pass 25 MB; removing one in the same patch makes room', async () => {
      const calendarId = await primaryOf('alice');
      const big1 = await upload('alice', calendarId, bytes(12 * MB, 1), 'one.bin');
      const big2 = await upload('alice', calendarId, bytes(12 * MB, 2), 'two.bin');
      const small = await upload('alice', calendarId, bytes(2 * MB, 3), 'three.bin');
      const tooMuch = await sdkFailure(newEvent('alice', calendarId, [{ file_token: big1 }, { file_token: big2 }, { file_token: small }]));
      assert.deepEqual([tooMuch.status, tooMuch.body.code, tooMuch.body.msg], [400, 193106, 'the total size of attachment exceed limit']);

      const event = (await newEvent('alice', calendarId, [{ file_token: big1 }, { file_token: big2 }])).data!.event!;
      const alice = await server.asUser('alice');
      const path = { calendar_id: calendarId, event_id: event.event_id! };
      const over = await sdkFailure(ev().patch({ path, data: { attachments: [{ file_token: small }] } }, alice));
      assert.deepEqual([over.status, over.body.code], [400, 193106]);
      const swapped = await ev().patch({ path, data: { attachments: [{ file_token: big1, is_deleted: true }, { file_token: small }] } }, alice);
      assert.deepEqual(swapped.data!.event!.attachments!.map((x) => [x.name, x.file_size]), [['two.bin', String(12 * MB)], ['three.bin', String(2 * MB)]]);
    });

    describe('upload refusals, in Drive\'s codes', () => {
      const refused = async (data: Record<string, unknown>, userId = 'alice') =>
        sdkFailure(media().uploadAll({ data } as never, await server.asUser(userId)));

      test('1061002 for an upload point other than calendar', async () => {
        const r = await refused({ file_name: 'a.png', parent_type: 'docx_image', parent_node: await primaryOf('alice'), size: 3, file: bytes(3) });
        assert.deepEqual([r.status, r.body.code, r.body.msg], [400, 1061002, 'params error.']);
      });

      test('1061044 for a calendar that does not exist; 1061004 for one the caller cannot write', async () => {
        const missing = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: 'acme_AAAAAAAAAAAAAAAAAAAAAA@group.calendar.feishu.cn', size: 1, file: bytes(1) });
        assert.deepEqual([missing.status, missing.body.code, missing.body.msg], [400, 1061044, 'parent node not exist.']);
        const junk = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: 'not-a-calendar', size: 1, file: bytes(1) });
        assert.equal(junk.body.code, 1061044);
        const bobs = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: await primaryOf('bob'), size: 1, file: bytes(1) });
        assert.deepEqual([bobs.status, bobs.body.code, bobs.body.msg], [403, 1061004, 'forbidden.']);
      });

      test('1062009 when size is not the byte count; 1062008 for a wrong checksum; 1061008 for an empty name', async () => {
        const calendarId = await primaryOf('alice');
        const mismatch = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 5, file: bytes(4) });
        assert.deepEqual([mismatch.status, mismatch.body.code], [400, 1062009]);
        const checksum = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 9, checksum: '12345', file: Buffer.from('Wikipedia') });
        assert.deepEqual([checksum.status, checksum.body.code, checksum.body.msg], [400, 1062008, 'checksum param Invalid.']);
        const unnamed = await refused({ file_name: '', parent_type: 'calendar', parent_node: calendarId, size: 1, file: bytes(1) });
        assert.deepEqual([unnamed.status, unnamed.body.code], [400, 1061008]);
      });

      test('1061043 past 20 MB, whether declared or sent', async () => {
        const calendarId = await primaryOf('alice');
        const declared = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 20 * MB + 1, file: bytes(1) });
        assert.deepEqual([declared.status, declared.body.code, declared.body.msg], [400, 1061043, 'file size beyond limit.']);
        const sent = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 1, file: Buffer.alloc(20 * MB + 1) });
        assert.deepEqual([sent.status, sent.body.code], [400, 1061043]);
      });

      test('1061002 for a missing field, a bad size, or a body that is not a form', async () => {
        const calendarId = await primaryOf('alice');
        const noFile = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 1 });
        assert.deepEqual([noFile.status, noFile.body.code], [400, 1061002]);
        const noSize = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, file: bytes(1) });
        assert.equal(noSize.body.code, 1061002);
        const badSize = await refused({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 'ten', file: bytes(1) });
        assert.equal(badSize.body.code, 1061002);
        const json = await raw(`${server.url}/open-apis/drive/v1/medias/upload_all`, {
          method: 'POST', token: await server.userToken('alice'), body: JSON.stringify({ file_name: 'a', parent_type: 'calendar', parent_node: calendarId, size: 1 }),
        });
        assert.deepEqual([json.status, json.json.code], [400, 1061002]);
        const plain = await raw(`${server.url}/open-apis/drive/v1/medias/upload_all`, { method: 'POST', token: await server.userToken('alice'), headers: { 'Content-Type': 'text/plain' }, body: 'x' });
        assert.deepEqual([plain.status, plain.json.code], [400, 1061002]);
      });

      test('99991672 naming upload_all\'s scopes for an app without any', async () => {
        const r = await sdkFailure(server.client('noscope').drive.v1.media.uploadAll({ data: { file_name: 'a', parent_type: 'calendar', parent_node: 'x', size: 1, file: bytes(1) } }));
        assert.deepEqual([r.status, r.body.code], [400, 99991672]);
        assert.equal(r.body.msg, 'Access denied. One of the following scopes is required: [bitable:app, docs:doc, docs:document.media:upload, drive:drive, sheets:spreadsheet]');
      });
    });
  });
}
