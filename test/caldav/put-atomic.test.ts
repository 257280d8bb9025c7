/**
 * One PUT, one transaction: a series PUT runs several use cases (the master,
 * its attendees, each override, each EXDATE), and a refusal in a later one
 * answers the DAV error and leaves everything as it was — the event, its
 * attendees and exceptions, REST's sync_token list and the change log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../support/database.js';
import { ACME } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';
import { caldavSetup, dav, type Account } from './caldav-support.js';

const BOB = 'ATTENDEE;CN=Bob Li;ROLE=REQ-PARTICIPANT:mailto:bob@acme.example';
const CAROL = 'ATTENDEE;CN=Carol Chen;ROLE=REQ-PARTICIPANT:mailto:carol@acme.example';
/** A chat the tenant does not have, as larkcal's own export would name one: the core refuses it when adding. */
const NO_SUCH_CHAT = 'ATTENDEE;CUTYPE=GROUP;X-LARKCAL-TYPE=chat;X-LARKCAL-ID=oc_ffffffffffffffffffffffffffffffff:urn:x-larkcal:chat';

/** A weekly series of 4 from Monday 16 March 09:00Z; `extra` VEVENTs follow the master (overrides). */
function series(uid: string, master: readonly string[], ...overrides: ReadonlyArray<readonly string[]>): string {
  const vevent = (lines: readonly string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260301T000000Z', ...lines, 'END:VEVENT'];
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//tests//EN',
    ...vevent(['DTSTART:20260316T090000Z', 'DTEND:20260316T100000Z', 'RRULE:FREQ=WEEKLY;COUNT=4', ...master]),
    ...overrides.flatMap(vevent), 'END:VCALENDAR', ''].join('\r\n');
}

const moved = (summary: string, ...lines: string[]) => ['RECURRENCE-ID:20260323T090000Z', 'DTSTART:20260323T100000Z', 'DTEND:20260323T110000Z', `SUMMARY:${summary}`, ...lines];

for (const dialect of DIALECTS) {
  describe(`caldav: a PUT is all or nothing (${dialect})`, () => {
    let server: TestServer;
    let alice: Account;
    let calendarId: string;
    before(async () => ({ server, account: alice, calendarId } = await caldavSetup(dialect, 'alice')));
    after(() => server.close());

    const path = (uid: string) => `/dav/calendars/alice/${calendarId}/${uid}.ics`;
    const put = (uid: string, body: string) => dav(server, alice, 'PUT', path(uid), body, { 'content-type': 'text/calendar; charset=utf-8' });
    const restSyncToken = async () => (await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { page_size: 500 } }, await server.asUser('alice'))).data!.sync_token!;
    const restChangedSince = async (token: string) => (await server.client().calendar.v4.calendarEvent.list({ path: { calendar_id: calendarId }, params: { sync_token: token } }, await server.asUser('alice'))).data!.items ?? [];

    /** Every row the UID has (masters, exceptions) with its attendees, as stored; the CalDAV object; the change log's head. */
    const state = async (uid: string) => {
      const rows = await server.store.events.findByUid(ACME, uid);
      const attendees = await Promise.all(rows.map((r) => server.store.attendees.list(r.eventId, { includeRemoved: true, offset: 0, limit: 100 })));
      const object = await dav(server, alice, 'GET', path(uid));
      return { rows, attendees, object: { status: object.status, etag: object.headers.get('etag'), text: object.text }, head: await server.store.changes.head(ACME) };
    };

    /** PUTs `body`, expects the refusal, and checks nothing moved. */
    const refusedChangesNothing = async (uid: string, body: string, status: number, condition: RegExp) => {
      const before = await state(uid);
      const token = await restSyncToken();
      const res = await put(uid, body);
      assert.equal(res.status, status, res.text);
      assert.match(res.text, condition);
      assert.deepEqual(await state(uid), before, 'rows, attendees, the object and the change log are as before');
      assert.deepEqual(await restChangedSince(token), [], "REST's sync_token list has no change");
    };

    test('a series with an attendee and a moved occurrence is written', async () => {
      const res = await put('atomic-1', series('atomic-1', ['SUMMARY:Weekly', BOB], moved('Weekly (moved)', BOB)));
      assert.equal(res.status, 201, res.text);
      const { rows, attendees } = await state('atomic-1');
      assert.deepEqual(rows.map((r) => [r.summary, r.isException]), [['Weekly', false], ['Weekly (moved)', true]]);
      assert.deepEqual(attendees.map((list) => list.map((a) => a.displayName).sort()), [['Alice Wang', 'Bob Li'], ['Alice Wang', 'Bob Li']]);
    });

    test('an override of an occurrence the series does not have, after a master change, is valid-calendar-object-resource and changes nothing', async () => {
      const stray = ['RECURRENCE-ID:20260317T090000Z', 'DTSTART:20260317T100000Z', 'DTEND:20260317T110000Z', 'SUMMARY:Not an occurrence'];
      await refusedChangesNothing('atomic-1', series('atomic-1', ['SUMMARY:Weekly, renamed', BOB, CAROL], moved('Weekly (moved again)', CAROL), stray),
        403, /<c:valid-calendar-object-resource\/>.*no occurrence of the series starts then/);
    });

    test('an attendee the core refuses, after the master and its attendees were written, changes nothing', async () => {
      await refusedChangesNothing('atomic-1', series('atomic-1', ['SUMMARY:Weekly, retitled', CAROL], moved('Weekly (moved)', BOB, NO_SUCH_CHAT)),
        403, /<c:valid-calendar-object-resource\/>.*no such chat/);
    });

    test('a new series refused in its override creates nothing: no event, no name, no change', async () => {
      const stray = ['RECURRENCE-ID:20260318T090000Z', 'DTSTART:20260318T100000Z', 'DTEND:20260318T110000Z', 'SUMMARY:Not an occurrence'];
      await refusedChangesNothing('atomic-2', series('atomic-2', ['SUMMARY:New', BOB], stray), 403, /<c:valid-calendar-object-resource\/>/);
      assert.equal(await server.store.caldavNames.nameOf(calendarId, 'atomic-2'), undefined);
      // Nothing of it is left in the way: the same UID is then written whole.
      assert.equal((await put('atomic-2', series('atomic-2', ['SUMMARY:New', BOB]))).status, 201);
    });
  });
}
