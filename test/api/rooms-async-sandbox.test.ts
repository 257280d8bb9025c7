/**
 * Room settlement as `serve --room-booking async` runs it (issue #12 §5): the
 * runner decides by the sandbox clock, not by real time, and at once when the
 * admin API moves the clock; `instant` (the default) runs none.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { EVEREST } from './attendees-support.js';

const START = 2_400_000_000;

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

for (const dialect of DIALECTS) {
  describe(`room settlement in a running sandbox (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect, config: { roomBooking: 'async', roomBookingDelay: 60_000 } });
    });
    after(() => sandbox.close());

    test('a booking waits for the clock, however long in real time, and is decided as soon as the clock passes its due time', async () => {
      await sandbox.admin('POST', '/clock', { set: '2026-03-16T09:00:00Z' });
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const api = (path: string, init: RequestInit = {}) => raw(`${sandbox.url}/open-apis/calendar/v4/calendars/primary${path}`, { ...init, token });
      const created = await api('/events', { method: 'POST', body: JSON.stringify({
        summary: 'Review', start_time: { timestamp: String(START) }, end_time: { timestamp: String(START + 3600) },
      }) });
      const eventId = created.json.data.event.event_id as string;
      const added = await api(`/events/${eventId}/attendees`, { method: 'POST', body: JSON.stringify({ attendees: [{ type: 'resource', room_id: EVEREST }] }) });
      assert.equal(added.json.data.attendees[0].rsvp_status, 'needs_action');
      const room = async () => (await api(`/events/${eventId}/attendees`)).json.data.items.find((a: { type: string }) => a.type === 'resource').rsvp_status as string;

      // Several of the runner's polls go by; the frozen clock does not reach the due time.
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await room(), 'needs_action');
      await sandbox.admin('POST', '/clock', { advance_ms: 59_999 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(await room(), 'needs_action');
      // launch() nudges the runner on every move of the clock.
      let nudges = 0;
      const runner = sandbox.settlement!;
      const nudge = runner.nudge.bind(runner);
      runner.nudge = () => { nudges++; nudge(); };
      await sandbox.admin('POST', '/clock', { advance_ms: 1 });
      assert.equal(nudges, 1);
      assert.ok(await until(async () => (await room()) === 'accept'), 'decided once the clock passed the due time');
      await sandbox.admin('POST', '/clock', { mode: 'system' });
    });
  });

  describe(`instant room booking in a running sandbox (${dialect})`, () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ dialect });
    });
    after(() => sandbox.close());

    test('the default decides within the call and runs no settlement', async () => {
      assert.equal(sandbox.settlement, undefined);
      const token = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
      const api = (path: string, init: RequestInit = {}) => raw(`${sandbox.url}/open-apis/calendar/v4/calendars/primary${path}`, { ...init, token });
      const created = await api('/events', { method: 'POST', body: JSON.stringify({
        summary: 'Review', start_time: { timestamp: String(START) }, end_time: { timestamp: String(START + 3600) },
      }) });
      const added = await api(`/events/${created.json.data.event.event_id}/attendees`, { method: 'POST', body: JSON.stringify({ attendees: [{ type: 'resource', room_id: EVEREST }] }) });
      assert.equal(added.json.data.attendees[0].rsvp_status, 'accept');
    });
  });
}
