/**
 * Reset and snapshots through the admin API (issue #12 §3): what was made
 * since goes, tokens included; what the copy held comes back, tokens included;
 * an unknown or bad name changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

const NEW_TENANT = { tenant_key: 'st4te', name: 'State Co', apps: [{ name: 'State App', scopes: ['calendar:calendar'] }] };

for (const dialect of DIALECTS) {
  describe(`admin API: reset and snapshots (${dialect})`, () => {
    let sandbox: Sandbox;
    const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => raw(`${sandbox.url}/open-apis/calendar/v4${path}`, {
      token, ...(init.method && { method: init.method }), ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    });
    const createCalendar = async (token: string, summary: string) => {
      const res = await api('/calendars', token, { method: 'POST', body: { summary } });
      assert.equal(res.json.code, 0, res.text);
      return res.json.data.calendar.calendar_id as string;
    };
    const calendarCode = async (token: string, id: string) => (await api(`/calendars/${encodeURIComponent(id)}`, token)).json.code as number;

    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('reset: what was made since the seed goes, tokens issued since fail, the seed stays', async () => {
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const calendarId = await createCalendar(token, 'made after the seed');
      assert.equal((await sandbox.admin('POST', '/tenants', NEW_TENANT)).status, 201);
      const primaries = (await api('/calendars', token)).json.data.calendar_list.length as number;

      const reset = await sandbox.admin('POST', '/reset');
      assert.deepEqual([reset.status, reset.json], [200, { reset: true }]);

      assert.equal((await api('/calendars', token)).json.code, 99991663, 'a token issued since the seed is gone, at once');
      const fresh = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      assert.notEqual(fresh, token);
      assert.equal(await calendarCode(fresh, calendarId), 191000);
      assert.equal(await sandbox.store.tenancy.tenantExists(NEW_TENANT.tenant_key), false);
      assert.equal((await api('/calendars', fresh)).json.data.calendar_list.length, primaries - 1, 'the seed\'s calendars, without the new one');
      assert.equal((await sandbox.admin('GET', '/clock')).status, 200, 'the admin token survives');
    });

    test('snapshot, change, restore: everything comes back, a token issued before included; one issued after fails', async () => {
      await sandbox.admin('POST', '/reset');
      const before = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const kept = await createCalendar(before, 'kept');
      const patched = await createCalendar(before, 'as it was');
      const head = await sandbox.store.changes.head();
      const created = await sandbox.admin('POST', '/snapshots', { name: 'checkpoint-1' });
      assert.deepEqual([created.status, created.json], [201, { name: 'checkpoint-1' }]);

      const later = await tenantToken(sandbox.url, APPS.globex.app_id, APPS.globex.app_secret);
      const added = await createCalendar(before, 'added after');
      assert.equal((await api(`/calendars/${encodeURIComponent(kept)}`, before, { method: 'DELETE' })).json.code, 0);
      assert.equal((await api(`/calendars/${encodeURIComponent(patched)}`, before, { method: 'PATCH', body: { summary: 'changed' } })).json.code, 0);
      assert.equal(await calendarCode(later, (await api('/calendars', later)).json.data.calendar_list[0].calendar_id), 0);
      assert.equal((await sandbox.admin('POST', '/tenants', NEW_TENANT)).status, 201);

      const restored = await sandbox.admin('POST', '/snapshots/checkpoint-1/restore');
      assert.deepEqual([restored.status, restored.json], [200, { restored: 'checkpoint-1' }]);
      assert.equal(await calendarCode(before, kept), 0, 'the deleted calendar is back, and the token from before works');
      assert.equal(await calendarCode(before, added), 191000, 'the calendar made after is gone');
      assert.equal((await api(`/calendars/${encodeURIComponent(patched)}`, before)).json.data.summary, 'as it was', 'a row changed in place is put back');
      assert.equal((await api('/calendars', later)).json.code, 99991663, 'the token issued after is gone');
      assert.equal(await sandbox.store.tenancy.tenantExists(NEW_TENANT.tenant_key), false);

      // The change log's counter is the snapshot's too: the next change is numbered as it would have been then.
      assert.equal(await sandbox.store.changes.head(), head);
      await createCalendar(before, 'after the restore');
      assert.equal(await sandbox.store.changes.head(), head + 1);
      const again = await sandbox.admin('POST', '/snapshots/checkpoint-1/restore');
      assert.equal(again.status, 200, 'a snapshot restores more than once');
      assert.equal(await calendarCode(before, kept), 0);
      await sandbox.admin('DELETE', '/snapshots/checkpoint-1');
    });

    test('a request racing a restore sees the state before it or after it, never a part', async () => {
      await sandbox.admin('POST', '/reset');
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const count = async () => (await api('/calendars?page_size=500', token)).json.data.calendar_list.length as number;
      const before = await count();
      assert.equal((await sandbox.admin('POST', '/snapshots', { name: 'race' })).status, 201);
      for (let i = 0; i < 5; i++) await createCalendar(token, `race ${i}`);
      const reads = Array.from({ length: 30 }, (_, i) => new Promise((resolve) => setTimeout(resolve, i)).then(count));
      const [restored, ...seen] = await Promise.all([sandbox.admin('POST', '/snapshots/race/restore'), ...reads]);
      assert.equal(restored.status, 200);
      for (const n of seen) assert.ok(n === before || n === before + 5, `saw ${n} calendars: before ${before}, after ${before + 5}`);
      assert.equal(await count(), before);
      await sandbox.admin('DELETE', '/snapshots/race');
    });

    test('an unknown name: 404 and nothing changes', async () => {
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const calendarId = await createCalendar(token, 'stays');
      for (const [method, path] of [['POST', '/snapshots/nope/restore'], ['DELETE', '/snapshots/nope']] as const) {
        const res = await sandbox.admin(method, path);
        assert.deepEqual([res.status, res.json.error.code], [404, 'not_found'], path);
      }
      assert.equal(await calendarCode(token, calendarId), 0);
    });

    test('list, a taken name 409, delete', async () => {
      assert.deepEqual((await sandbox.admin('GET', '/snapshots')).json, { snapshots: [] }, 'the seed\'s own snapshot is not listed');
      const t0 = (await sandbox.admin('GET', '/clock')).json.now as number;
      assert.equal((await sandbox.admin('POST', '/snapshots', { name: 'a' })).status, 201);
      assert.equal((await sandbox.admin('POST', '/snapshots', { name: 'B_2' })).status, 201);
      const taken = await sandbox.admin('POST', '/snapshots', { name: 'a' });
      assert.deepEqual([taken.status, taken.json.error.code], [409, 'conflict']);

      const listed = (await sandbox.admin('GET', '/snapshots')).json.snapshots as Array<{ name: string; created_at: number }>;
      assert.deepEqual(listed.map((s) => s.name).sort(), ['B_2', 'a']);
      for (const s of listed) assert.ok(s.created_at >= t0 && s.created_at < t0 + 60_000);

      assert.deepEqual((await sandbox.admin('DELETE', '/snapshots/a')).json, { deleted: 'a' });
      assert.deepEqual((await sandbox.admin('GET', '/snapshots')).json.snapshots.map((s: { name: string }) => s.name), ['B_2']);
      assert.equal((await sandbox.admin('POST', '/snapshots/a/restore')).status, 404);
      assert.equal((await sandbox.admin('POST', '/snapshots', { name: 'a' })).status, 201, 'a deleted name is free again');
      for (const name of ['a', 'B_2']) await sandbox.admin('DELETE', `/snapshots/${name}`);
    });

    test('bad names and bodies: 400, nothing taken', async () => {
      for (const body of [{ name: '' }, { name: 'has space' }, { name: 'x'.repeat(65) }, { name: '@seed' }, { name: 'a/b' }, { name: 5 }, {}, { name: 'ok', extra: 1 }, [], '{']) {
        const res = await sandbox.admin('POST', '/snapshots', body);
        assert.deepEqual([res.status, res.json.error.code], [400, 'invalid'], JSON.stringify(body));
      }
      for (const path of ['/snapshots/%40seed/restore', '/snapshots/a%20b/restore']) {
        assert.equal((await sandbox.admin('POST', path)).status, 400, path);
      }
      assert.equal((await sandbox.admin('DELETE', '/snapshots/%40seed')).status, 400, 'the seed\'s snapshot cannot be deleted');
      assert.deepEqual((await sandbox.admin('GET', '/snapshots')).json, { snapshots: [] });
      assert.equal((await sandbox.admin('POST', '/reset')).status, 200, 'and reset still works');
    });
  });
}
