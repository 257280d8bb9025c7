/**
 * Recurrence rules that are not valid RFC 5545, or that ical.js would search
 * forever, are refused at once with 190002 naming the field, and the server
 * keeps answering (issue #15 §9, issue #16 §1: `FREQ=DAILY;BYDAY=1MO` froze the
 * server for minutes; `FREQ=WEEKLY;BYMONTHDAY=1` answered 500).
 * The docs: `recurrence` is "the value of an RFC 5545 RRULE" (events.md §2.4,
 * [D-intro]); Feishu's client repeats daily, weekly, monthly or yearly, so
 * SECONDLY, MINUTELY and HOURLY are refused as unsupported frequencies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseRecurrence } from '../../src/core/events/recurrence/rrule.js';
import { DomainError } from '../../src/core/errors.js';
import { DIALECTS } from '../support/database.js';
import { sdkFailure } from '../support/http.js';
import { startServer, type TestServer } from '../support/server.js';

/** Each hung the expansion before its check (found by a fuzz over random rules). */
const ENDLESS = [
  'FREQ=DAILY;BYDAY=1MO', // a numbered BYDAY below MONTHLY (RFC 5545 §3.3.10)
  'FREQ=DAILY;BYMONTHDAY=31;BYMONTH=2', // no such day
  'FREQ=YEARLY;BYDAY=SU,TU,53SU;BYMONTHDAY=30;BYMONTH=2;BYSETPOS=1',
  'FREQ=DAILY;BYMONTHDAY=-1', // days from the month's end, below MONTHLY
  'FREQ=YEARLY;BYDAY=MO,1MO;BYMONTHDAY=-31',
  'FREQ=YEARLY;BYDAY=5TU,-5TU;BYMONTH=2;BYSETPOS=366', // a position no set reaches
  'FREQ=YEARLY;BYDAY=1SU;BYMONTH=12;BYSETPOS=2;BYHOUR=0;BYMINUTE=30',
  'FREQ=WEEKLY;BYWEEKNO=-1', // BYWEEKNO below YEARLY
  'FREQ=DAILY;BYSETPOS=1;BYMINUTE=30;BYSECOND=60', // a leap second
  'FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2', // ical.js searched up to the year 20000 for it
];

/** Not RFC 5545, or not what Feishu offers (issue #15 §9). */
const MALFORMED = [
  'FREQ=WEEKLY;BYMONTHDAY=1', // answered HTTP 500: ical.js threw while building the iterator
  'FREQ=MONTHLY;BYSETPOS=0',
  'FREQ=SECONDLY',
  'FREQ=MINUTELY;INTERVAL=30',
  'FREQ=HOURLY;BYDAY=2TU',
  'FREQ=SECONDLY;BYMONTH=2',
  'FREQ=DAILY;INTERVAL=0',
  'FREQ=DAILY;COUNT=0',
  'FREQ=DAILY;BYHOUR=24',
  'FREQ=DAILY;BYMINUTE=60',
  'FREQ=MONTHLY;BYMONTHDAY=0',
  'FREQ=MONTHLY;BYMONTHDAY=32',
  'FREQ=YEARLY;BYYEARDAY=367',
  'FREQ=YEARLY;BYWEEKNO=54',
  'FREQ=YEARLY;BYMONTH=13',
  'FREQ=MONTHLY;BYDAY=6MO', // a month has at most five Mondays
  'FREQ=YEARLY;BYDAY=54MO',
  'FREQ=YEARLY;BYDAY=0MO',
  'FREQ=MONTHLY;BYYEARDAY=100', // BYYEARDAY is not for MONTHLY
  'FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO', // a numbered BYDAY with BYWEEKNO
  'FREQ=WEEKLY;WKST=XX',
  'FREQ=WEEKLY;BYDAY=MO,,TU',
  'FREQ=WEEKLY;BYDAY=MO,MO',
  'FREQ=DAILY;FREQ=WEEKLY', // a part twice
  'FREQ=DAILY;X-NAME=1',
  'FREQ=DAILY;UNTIL=20261332',
  'FREQ=DAILY;UNTIL=20260101T250000Z',
  'FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z',
  'BYDAY=MO',
  'FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12;BYMINUTE=0,30', // 26 times a day: finer than hourly
];

const refusedAsRecurrence = (rule: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, rule);
  assert.equal(e.violations[0]?.field, 'recurrence', rule);
  return true;
};

test('each endless or malformed rule is refused by the parser, naming recurrence', () => {
  for (const rule of [...ENDLESS, ...MALFORMED]) assert.throws(() => parseRecurrence(rule), refusedAsRecurrence(rule), rule);
});

test('rules that look alike but end are still taken', () => {
  const taken = [
    'FREQ=MONTHLY;BYDAY=1MO', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', 'FREQ=MONTHLY;BYMONTHDAY=-1', 'FREQ=WEEKLY;BYDAY=MO,TU',
    'FREQ=DAILY;BYHOUR=9,12;BYMINUTE=0,30', 'FREQ=YEARLY;BYDAY=1SU;BYMONTH=12;BYSETPOS=1', 'FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1',
    'FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO', 'FREQ=YEARLY;BYYEARDAY=-1', 'freq=weekly;byday=mo', 'RRULE:FREQ=DAILY;COUNT=3',
    'FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,SU', 'FREQ=DAILY;UNTIL=20260101', 'FREQ=DAILY;UNTIL=20260101T000000Z',
  ];
  for (const rule of taken) assert.doesNotThrow(() => parseRecurrence(rule), rule);
});

for (const dialect of DIALECTS) {
  describe(`refused rules through the API (${dialect})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startServer({ dialect });
    });
    after(() => server.close());

    const create = async (recurrence: string, start = 1767258000) => {
      const alice = await server.asUser('alice');
      return sdkFailure(server.client().calendar.v4.calendarEvent.create({
        path: { calendar_id: 'primary' },
        data: { summary: 'Series', start_time: { timestamp: String(start) }, end_time: { timestamp: String(start + 3600) }, recurrence },
      }, alice));
    };

    test('create answers 190002 naming recurrence, and /healthz answers meanwhile', async () => {
      const rules = [...ENDLESS, ...MALFORMED];
      const calls = rules.map((rule) => create(rule));
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      for (const [i, { status, body }] of (await Promise.all(calls)).entries()) {
        assert.deepEqual([status, body.code, body.error?.field_violations?.[0]?.field], [400, 190002, 'recurrence'], rules[i]);
      }
    });

    test('a rule that never matches from its own start is refused; from another start it is taken', async () => {
      // 2026-01-06 is a Tuesday: every seventh day from it is a Tuesday, never a Monday.
      const tuesday = 1767661200; // 2026-01-06 09:00 Asia/Shanghai
      const refused = await create('FREQ=DAILY;INTERVAL=7;BYDAY=MO', tuesday);
      assert.deepEqual([refused.status, refused.body.code, refused.body.error.field_violations[0].field], [400, 190002, 'recurrence']);
      const monday = await create('FREQ=DAILY;INTERVAL=7;BYDAY=MO', tuesday - 86400);
      assert.deepEqual([monday.status, monday.body.code], [200, 0]);
      // Moving the series to the Tuesday is the same rule from a start it never matches.
      const alice = await server.asUser('alice');
      const moved = await sdkFailure(server.client().calendar.v4.calendarEvent.patch({
        path: { calendar_id: 'primary', event_id: monday.body.data.event.event_id },
        data: { start_time: { timestamp: String(tuesday) }, end_time: { timestamp: String(tuesday + 3600) } },
      }, alice));
      assert.deepEqual([moved.status, moved.body.code, moved.body.error.field_violations[0].field], [400, 190002, 'recurrence']);
    });
  });
}
