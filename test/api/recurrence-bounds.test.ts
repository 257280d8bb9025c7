/**
 * Rules ical.js would search forever (issue #16 §1: `FREQ=DAILY;BYDAY=1MO`
 * froze the server for minutes) are refused at once with 190002 naming the
 * field, and the server keeps answering. Each rule below hung the expansion
 * before its check (found by a fuzz over random rules).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { DomainError } from '../../src/core/errors.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

const ENDLESS = [
  'FREQ=DAILY;BYDAY=1MO', // a numbered BYDAY below MONTHLY (RFC 5545 §3.3.10)
  'FREQ=HOURLY;BYDAY=2TU',
  'FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2', // no such day
  'FREQ=YEARLY;BYDAY=SU,TU,53SU;BYMONTHDAY=30;BYMONTH=2;BYSETPOS=1',
  'FREQ=DAILY;BYMONTHDAY=-1', // days from the month's end, below MONTHLY
  'FREQ=YEARLY;BYDAY=MO,1MO;BYMONTHDAY=-31',
  'FREQ=YEARLY;BYDAY=5TU,-5TU;BYMONTH=2;BYSETPOS=366', // a position no set reaches
  'FREQ=YEARLY;BYDAY=1SU;BYMONTH=12;BYSETPOS=2;BYHOUR=0;BYMINUTE=30',
  'FREQ=WEEKLY;BYWEEKNO=-1', // BYWEEKNO below YEARLY
  'FREQ=MINUTELY;BYSETPOS=1;BYMINUTE=30;BYSECOND=60', // a leap second
  'FREQ=MINUTELY;BYMONTHDAY=1;BYMONTH=12;BYHOUR=9,17', // minute by minute through eleven months
  'FREQ=SECONDLY;BYMONTH=2',
];

test('each rule is refused by the parser, in well under a second', () => {
  for (const rule of ENDLESS) {
    const started = performance.now();
    assert.throws(() => parseRecurrence(rule), (e: unknown) => e instanceof DomainError && e.violations[0]?.field === 'recurrence', rule);
    assert.ok(performance.now() - started < 1000, rule);
  }
});

test('rules that look alike but end are still taken', () => {
  for (const rule of ['FREQ=MONTHLY;BYDAY=1MO', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'FREQ=MONTHLY;BYMONTHDAY=-1', 'FREQ=WEEKLY;BYDAY=MO,TU', 'FREQ=MINUTELY;INTERVAL=30', 'FREQ=YEARLY;BYDAY=1SU;BYMONTH=12;BYSETPOS=1']) {
    assert.doesNotThrow(() => parseRecurrence(rule), rule);
  }
});

for (const dialect of DIALECTS) {
  describe(`endless rules through the API (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    test('create answers 190002 naming recurrence, and /healthz answers meanwhile', async () => {
      const alice = await server.asUser('alice');
      const calls = ENDLESS.map((recurrence) => sdkFailure(server.client().calendar.v4.calendarEvent.create({
        path: { calendar_id: 'primary' },
        data: { summary: 'Endless', start_time: { timestamp: '1767258000' }, end_time: { timestamp: '1767261600' }, recurrence },
      }, alice)));
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      for (const [i, { status, body }] of (await Promise.all(calls)).entries()) {
        assert.equal(status, 400, ENDLESS[i]);
        assert.equal(body.code, 190002, ENDLESS[i]);
        assert.equal(body.error.field_violations[0].field, 'recurrence', ENDLESS[i]);
      }
    });
  });
}
