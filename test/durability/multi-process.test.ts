/**
 * Three larkcal processes on one PostgreSQL database (issue #16 §3), each a
 * real `larkcal serve`, under a mixed load driven through all three:
 *   room bookings stay atomic (one accept among 50 spread over the processes);
 *   incremental sync never skips a change, whichever process a reader asks;
 *   a process killed with kill -9 mid-load loses no acknowledged write;
 *   a tenant deleted on one process has its tokens refused by the others within a second;
 *   rate limits count across processes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, freshDatabase, type TestDatabase } from '../support/database.js';
import { APPS, GLOBEX, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { serve, writeFixture, type Serving } from '../cli/larkcal-process.js';

const ADMIN = 'multi-process-admin-token-0123';
const EVEREST = 'omm_83d09ad4f6896e02029a6a075f71c9d1';
const API = '/open-apis/calendar/v4';

describe('three larkcal processes on one PostgreSQL', { skip: DIALECTS.includes('postgres') ? false : 'LARKCAL_TEST_PG_URL is not set' }, () => {
  let dir: string;
  let database: TestDatabase;
  const processes: Serving[] = [];
  let token: string;
  const url = (i: number) => processes[i % processes.length]!.url;
  const call = (i: number, method: string, path: string, body?: unknown, as = token) =>
    raw(`${url(i)}${API}${path}`, { method, token: as, ...(body !== undefined && { body: JSON.stringify(body) }) });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'larkcal-multi-'));
    database = await freshDatabase('postgres');
    const args = ['--db', database.text, '--admin-token', ADMIN];
    // The first seeds; the others find the tenants there.
    processes.push(await serve([...args, '--seed', writeFixture(dir, 'fixture.json', testFixture())]));
    processes.push(...(await Promise.all([serve(args), serve(args)])));
    token = await tenantToken(url(0), APPS.full.app_id, APPS.full.app_secret);
  });
  after(async () => {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('room bookings stay atomic: 50 overlapping bookings of one room through three processes, one accept', async () => {
    const calendar = (await call(0, 'POST', '/calendars', { summary: 'Rooms' })).json.data.calendar.calendar_id as string;
    const start = Math.floor(Date.now() / 1000 / 3600) * 3600 + 48 * 3600;
    const events = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const created = await call(i, 'POST', `/calendars/${encodeURIComponent(calendar)}/events`, {
        summary: `Booking ${i}`, start_time: { timestamp: String(start + i * 60) }, end_time: { timestamp: String(start + 3600 + i * 60) },
      });
      assert.equal(created.json.code, 0, created.text);
      return created.json.data.event.event_id as string;
    }));
    const answers = await Promise.all(events.map((id, i) => call(i, 'POST', `/calendars/${encodeURIComponent(calendar)}/events/${id}/attendees`, { attendees: [{ type: 'resource', room_id: EVEREST }] })));
    const statuses = answers.map((a) => {
      assert.equal(a.json.code, 0, a.text);
      return (a.json.data.attendees as Array<{ type: string; rsvp_status: string }>).find((x) => x.type === 'resource')!.rsvp_status;
    });
    assert.deepEqual([statuses.filter((s) => s === 'accept').length, statuses.filter((s) => s === 'decline').length], [1, 49]);
  });

  test('sync tokens never skip a change across processes, and kill -9 of one loses no acknowledged write', async () => {
    const calendar = (await call(1, 'POST', '/calendars', { summary: 'Synced' })).json.data.calendar.calendar_id as string;
    const path = `/calendars/${encodeURIComponent(calendar)}/events`;
    const first = await call(2, 'GET', `${path}?page_size=1000`);
    assert.equal(first.json.code, 0, first.text);
    let syncToken = first.json.data.sync_token as string;
    const acked = new Set<string>();
    const seen = new Set<string>();
    let stop = false;
    let killed = false;
    const writer = async (n: number) => {
      for (let i = 0; !stop; i++) {
        // The victim (process 2) is not written to once killed; its acknowledged writes must stay.
        const target = killed ? n % 2 : n;
        try {
          const created = await call(target, 'POST', path, { summary: `w${n}-${i}`, start_time: { timestamp: '1767600000' }, end_time: { timestamp: '1767603600' } });
          if (created.json?.code === 0) acked.add(created.json.data.event.event_id);
        } catch {
          // The killed process's connections break: those writes were never acknowledged.
        }
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    };
    const reader = async () => {
      for (let i = 0; ; i++) {
        const done = stop;
        // A read in flight on the process being killed fails; the next one goes to a live process.
        const page = await call(killed ? i % 2 : i, 'GET', `${path}?sync_token=${encodeURIComponent(syncToken)}`).catch(() => undefined);
        if (!page) continue;
        assert.equal(page.json.code, 0, page.text);
        for (const e of page.json.data.items ?? []) seen.add(e.event_id);
        syncToken = page.json.data.sync_token;
        if (done) return;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    };
    const load = [writer(0), writer(1), writer(2), reader()];
    let settled: PromiseSettledResult<void>[] = [];
    try {
      await killOneUnderLoad();
    } finally {
      stop = true;
      settled = await Promise.allSettled(load);
      // The others' tests need three processes again.
      if (killed) processes[2] = await serve(['--db', database.text, '--admin-token', ADMIN]);
    }
    for (const r of settled) if (r.status === 'rejected') throw r.reason;
    async function killOneUnderLoad(): Promise<void> {
      await until(() => acked.size >= 40);
      killed = true;
      processes[2]!.child.kill('SIGKILL');
      await processes[2]!.exited;
      const atKill = acked.size;
      await until(() => acked.size >= atKill + 40);
    }
    // A last read after every writer stopped.
    const last = await call(0, 'GET', `${path}?sync_token=${encodeURIComponent(syncToken)}`);
    for (const e of last.json.data.items ?? []) seen.add(e.event_id);

    assert.ok(acked.size >= 80, `only ${acked.size} writes`);
    const all = await call(1, 'GET', `${path}?page_size=1000`);
    const stored = new Set((all.json.data.items as Array<{ event_id: string }>).map((e) => e.event_id));
    assert.deepEqual([...acked].filter((id) => !stored.has(id)), [], 'acknowledged writes lost');
    assert.deepEqual([...acked].filter((id) => !seen.has(id)), [], 'changes the sync readers never saw');
  });

  test('a tenant deleted through one process: its tokens are refused by the others within a second', async () => {
    const globex = await tenantToken(url(1), APPS.globex.app_id, APPS.globex.app_secret);
    for (const i of [0, 1, 2]) assert.equal((await call(i, 'POST', '/calendars/primary', undefined, globex)).json.code, 0);
    const removed = await raw(`${url(0)}/_larkcal/tenants/${GLOBEX}`, { method: 'DELETE', token: ADMIN });
    assert.equal(removed.status, 200, removed.text);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const i of [0, 1, 2]) {
      const answer = await call(i, 'POST', '/calendars/primary', undefined, globex);
      assert.equal(answer.json.code, 99991663, `process ${i}: ${answer.text}`);
    }
  });

  test('rate limits count across processes: 60 calls in one second through three processes, 50 pass', async () => {
    // Every process's clock frozen at the start of the same second, so the burst falls in one window.
    const at = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    for (const i of [0, 1, 2]) assert.equal((await raw(`${url(i)}/_larkcal/clock`, { method: 'POST', token: ADMIN, body: JSON.stringify({ set: at }) })).status, 200);
    const fresh = await tenantToken(url(0), APPS.full.app_id, APPS.full.app_secret);
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => call(i, 'POST', '/calendars/primary', undefined, fresh)));
    assert.deepEqual([answers.filter((a) => a.status === 200).length, answers.filter((a) => a.status === 429 && a.json.code === 99991400).length], [50, 10]);
  });
});

/** Waits for `done`, at most 30 s. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
