/**
 * The event access matrix: identity × relation × operation → allowed or the
 * exact refusal. `calendarRefusal` and `eventRefusal` are the one access check
 * every event use case makes (events.md §1.4, §2.5, §3); the API tests drive
 * the same table through the SDK (test/api/attendee-rights.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CalendarType, Role } from '../../src/core/calendars/model.js';
import type { ErrorKey } from '../../src/core/errors.js';
import {
  calendarRefusal, eventRefusal, relationsOf,
  type CalendarEventsOperation, type CalendarFacts, type EventFacts, type EventOperation,
} from '../../src/core/events/event-access.js';
import type { AttendeeAbility, EventStatus } from '../../src/core/events/model.js';
import type { Identity } from '../../src/core/tenancy/model.js';

const alice: Identity = { kind: 'user', tenantKey: 'acme', appId: 'cli_a', userRef: 'alice', scopes: [] };
const bot: Identity = { kind: 'app', tenantKey: 'acme', appId: 'cli_a' };
const zed: Identity = { kind: 'user', tenantKey: 'globex', appId: 'cli_a', userRef: 'zed', scopes: [] };

type Outcome = 'ok' | ErrorKey;
const ok = 'ok';
const CAL: ErrorKey = 'forbidden:calendar'; // 191002
const TYPE: ErrorKey = 'unsupported:calendar_type'; // 191004
const EVT: ErrorKey = 'forbidden:event'; // 193002
const GONE: ErrorKey = 'gone:event'; // 193003
const LIST: ErrorKey = 'forbidden:attendee_list'; // 194001
const ADD: ErrorKey = 'forbidden:attendee_create'; // 194002
const DEL: ErrorKey = 'forbidden:attendee_delete'; // 194003
const CHAT: ErrorKey = 'unsupported:meeting_chat'; // 195109
const UNBIND: ErrorKey = 'forbidden:meeting_chat_unbind'; // 195107
const MINUTE: ErrorKey = 'unsupported:meeting_minute'; // 195110

const OPS: EventOperation[] = [
  'read', 'read_instances', 'read_editor_fields', 'edit_shared', 'edit_personal', 'delete', 'delete_exception', 'reply',
  'list_attendees', 'invite', 'remove_attendees', 'meeting_chat', 'unbind_meeting_chat', 'meeting_minute',
];

function calendar(role: Role, owner: CalendarFacts['calendar']['owner'], type: CalendarType = 'primary'): CalendarFacts {
  return { role, calendar: { type, owner } };
}

interface Standing {
  calendar: CalendarFacts;
  isOrganizer?: boolean;
  attendee?: 'internal' | 'external';
  chatMember?: boolean;
}

function facts(standing: Standing, event: Partial<EventFacts['event']> = {}, occurrence?: number): EventFacts {
  return {
    calendar: standing.calendar,
    event: { status: 'confirmed', isException: false, attendeeAbility: 'can_see_others', ...event },
    ...(occurrence !== undefined && { occurrence }),
    isOrganizer: standing.isOrganizer ?? false,
    attendee: standing.attendee ? { isExternal: standing.attendee === 'external' } : undefined,
    chatMemberships: standing.chatMember ? [{ attendeeId: 'chat_1' }] : [],
  };
}

const outcome = (identity: Identity, ctx: EventFacts, op: EventOperation): Outcome => eventRefusal(identity, ctx, op) ?? ok;

/** Each column of a row, in the order of OPS. */
const row = (...outcomes: Outcome[]): Record<EventOperation, Outcome> => Object.fromEntries(OPS.map((op, i) => [op, outcomes[i]!])) as Record<EventOperation, Outcome>;

// Columns as OPS: read, instances, editor fields, edit shared, edit personal, delete, delete exception, reply,
// list attendees, invite, remove attendees, meeting chat, unbind it, meeting minute.
const ORGANIZER_OWN_PRIMARY = row(ok, ok, ok, ok, ok, ok, ok, EVT, ok, ok, ok, ok, ok, ok);
const ORGANIZER_ELSEWHERE = row(ok, ok, ok, ok, ok, ok, ok, EVT, ok, ok, ok, CHAT, UNBIND, MINUTE);
const ATTENDEE = row(ok, ok, EVT, EVT, ok, EVT, EVT, ok, ok, ADD, DEL, ok, ok, ok);
const READER = row(ok, ok, EVT, CAL, CAL, CAL, CAL, EVT, LIST, CAL, CAL, CHAT, UNBIND, MINUTE);
const WRITER_NO_RELATION = row(ok, ok, EVT, EVT, EVT, EVT, EVT, EVT, LIST, ADD, DEL, CHAT, UNBIND, MINUTE);
const NONE = row(CAL, CAL, CAL, CAL, CAL, CAL, CAL, EVT, CAL, CAL, CAL, CHAT, UNBIND, MINUTE);
/** Having the event on one's own primary without any relation to it (a bot given attendee rows). */
const OWN_PRIMARY_NO_RELATION = row(ok, ok, EVT, EVT, EVT, EVT, EVT, EVT, LIST, ADD, DEL, ok, ok, ok);

describe('identity × relation × operation (attendee_ability can_see_others)', () => {
  const cases: Array<[string, Identity, Standing, Record<EventOperation, Outcome>]> = [
    // A user of the event's tenant.
    ['user, organizer on their own primary', alice, { calendar: calendar('owner', 'user:alice'), isOrganizer: true }, ORGANIZER_OWN_PRIMARY],
    ['user, organizer as writer of a shared calendar', alice, { calendar: calendar('writer', 'user:carol', 'shared'), isOrganizer: true }, ORGANIZER_ELSEWHERE],
    ['user, attendee on their own primary', alice, { calendar: calendar('owner', 'user:alice'), attendee: 'internal' }, ATTENDEE],
    ['user, member of an attending chat', alice, { calendar: calendar('owner', 'user:alice'), chatMember: true }, ATTENDEE],
    ['user, reader of the organizer calendar', alice, { calendar: calendar('reader', 'user:carol') }, READER],
    ['user, writer of an attendee calendar', alice, { calendar: calendar('writer', 'user:bob') }, WRITER_NO_RELATION],
    ['user, free/busy only', alice, { calendar: calendar('free_busy_reader', 'user:carol') }, NONE],
    // The app's bot (tenant token).
    ['bot, organizer on its own primary', bot, { calendar: calendar('owner', 'app:cli_a'), isOrganizer: true }, ORGANIZER_OWN_PRIMARY],
    ['bot, writer of a shared calendar that organizes', bot, { calendar: calendar('writer', 'user:carol', 'shared'), isOrganizer: true }, ORGANIZER_ELSEWHERE],
    ['bot, attendee and chat rows count for nothing: a bot never attends', bot, { calendar: calendar('owner', 'app:cli_a'), attendee: 'internal', chatMember: true }, OWN_PRIMARY_NO_RELATION],
    ['bot, reader of the organizer calendar', bot, { calendar: calendar('reader', 'user:carol') }, READER],
    ['bot, free/busy only', bot, { calendar: calendar('free_busy_reader', 'user:carol') }, NONE],
    // A user of another tenant.
    ['other tenant, external attendee on their own primary', zed, { calendar: calendar('owner', 'user:zed'), attendee: 'external' }, ATTENDEE],
    ['other tenant, organizer through a writer ACL', zed, { calendar: calendar('writer', 'user:carol', 'shared'), isOrganizer: true }, ORGANIZER_ELSEWHERE],
    ['other tenant, reader through an ACL', zed, { calendar: calendar('reader', 'user:carol') }, READER],
    ['other tenant, no role at all', zed, { calendar: calendar('unknown', 'user:carol') }, NONE],
  ];
  for (const [name, identity, standing, expected] of cases) {
    test(name, () => {
      const ctx = facts(standing);
      assert.deepEqual(Object.fromEntries(OPS.map((op) => [op, outcome(identity, ctx, op)])), expected);
    });
  }
});

describe('attendee_ability: what attendees reach (events.md §2.5 table); external attendees never beyond the list', () => {
  const OPS_BY_ABILITY: EventOperation[] = ['list_attendees', 'invite', 'edit_shared', 'read_editor_fields', 'edit_personal', 'remove_attendees'];
  // Columns as OPS_BY_ABILITY.
  const expected: Record<AttendeeAbility, Outcome[]> = {
    none: [LIST, ADD, EVT, EVT, ok, DEL],
    can_see_others: [ok, ADD, EVT, EVT, ok, DEL],
    can_invite_others: [ok, ok, EVT, EVT, ok, DEL],
    can_modify_event: [ok, ok, ok, ok, ok, DEL],
  };
  const external: Record<AttendeeAbility, Outcome[]> = {
    none: [LIST, ADD, EVT, EVT, ok, DEL],
    can_see_others: [ok, ADD, EVT, EVT, ok, DEL],
    can_invite_others: [ok, ADD, EVT, EVT, ok, DEL],
    can_modify_event: [ok, ADD, EVT, EVT, ok, DEL],
  };
  const own = calendar('owner', 'user:alice');
  const standings: Array<[string, Identity, Standing, Record<AttendeeAbility, Outcome[]>]> = [
    ['user attendee', alice, { calendar: own, attendee: 'internal' }, expected],
    ['chat member', alice, { calendar: own, chatMember: true }, expected],
    ['external attendee', zed, { calendar: calendar('owner', 'user:zed'), attendee: 'external' }, external],
    // The cap follows the external attendee row, even beside a chat membership (as rights.ts always read it).
    ['external attendee who is also in an attending chat', zed, { calendar: calendar('owner', 'user:zed'), attendee: 'external', chatMember: true }, external],
  ];
  for (const [name, identity, standing, table] of standings) {
    for (const ability of Object.keys(table) as AttendeeAbility[]) {
      test(`${name} at ${ability}`, () => {
        const ctx = facts(standing, { attendeeAbility: ability });
        assert.deepEqual(OPS_BY_ABILITY.map((op) => outcome(identity, ctx, op)), table[ability]);
      });
    }
  }

  test('the organizer may everything whatever the ability, and replies only once on the list', () => {
    for (const ability of ['none', 'can_modify_event'] as const) {
      const organizer = facts({ calendar: own, isOrganizer: true }, { attendeeAbility: ability });
      assert.deepEqual(OPS_BY_ABILITY.map((op): Outcome => outcome(alice, organizer, op)), [ok, ok, ok, ok, ok, ok]);
      assert.equal(outcome(alice, organizer, 'reply'), EVT);
      assert.equal(outcome(alice, facts({ calendar: own, isOrganizer: true, attendee: 'internal' }, { attendeeAbility: ability }), 'reply'), ok);
    }
  });
});

describe('event state: 193003, and in which order', () => {
  const organizer: Standing = { calendar: calendar('owner', 'user:alice'), isOrganizer: true };
  const writer: Standing = { calendar: calendar('writer', 'user:bob') };
  const states: Array<[string, Partial<EventFacts['event']>, number | undefined, Partial<Record<EventOperation, Outcome>>]> = [
    ['a deleted one-off event', { status: 'cancelled' as EventStatus }, undefined,
      { read: GONE, read_instances: GONE, list_attendees: GONE, edit_shared: GONE, edit_personal: GONE, delete: GONE, delete_exception: ok, reply: GONE, invite: GONE, meeting_chat: GONE }],
    ['a cancelled exception', { status: 'cancelled' as EventStatus, isException: true }, undefined,
      { read: ok, read_editor_fields: ok, list_attendees: ok, read_instances: GONE, edit_shared: GONE, delete: GONE, delete_exception: ok, reply: GONE, invite: GONE, remove_attendees: GONE }],
    ['a plain occurrence of a deleted series: no row of its own to be deleted', { status: 'cancelled' as EventStatus }, 1800000000,
      { read: ok, edit_shared: ok, delete: ok, invite: ok, reply: EVT }],
  ];
  for (const [name, event, occurrence, expected] of states) {
    test(`${name}, as its organizer`, () => {
      const ctx = facts(organizer, event, occurrence);
      for (const [op, want] of Object.entries(expected)) assert.equal(outcome(alice, ctx, op as EventOperation), want, op);
    });
  }

  test('rights come first on delete only: a stranger deleting a deleted event learns 193002, editing it 193003', () => {
    const deleted = facts(writer, { status: 'cancelled' });
    assert.equal(outcome(alice, deleted, 'delete'), EVT);
    assert.equal(outcome(alice, deleted, 'edit_shared'), GONE);
    assert.equal(outcome(alice, deleted, 'invite'), GONE);
    assert.equal(outcome(alice, deleted, 'remove_attendees'), GONE);
  });

  test('the calendar answers before the event: a reader editing a deleted event gets 191002', () => {
    assert.equal(outcome(alice, facts({ calendar: calendar('reader', 'user:carol') }, { status: 'cancelled' }), 'edit_shared'), CAL);
  });
});

describe('the calendar in the path: role (191002) before type (191004)', () => {
  const CALENDAR_OPS: Array<CalendarEventsOperation | EventOperation> = ['create', 'list', 'search', 'instance_view', 'subscribe', 'read', 'edit_shared', 'list_attendees', 'invite', 'reply'];
  // Columns as CALENDAR_OPS.
  const byType: Record<Exclude<CalendarType, 'unknown'>, Outcome[]> = {
    primary: [ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
    shared: [ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
    resource: [TYPE, ok, TYPE, TYPE, ok, ok, TYPE, ok, TYPE, ok],
    google: [TYPE, TYPE, TYPE, TYPE, ok, ok, TYPE, ok, TYPE, ok],
    exchange: [TYPE, TYPE, TYPE, TYPE, ok, ok, TYPE, ok, TYPE, ok],
  };
  for (const [type, expected] of Object.entries(byType) as Array<[CalendarType, Outcome[]]>) {
    test(`owner of a ${type} calendar`, () => {
      assert.deepEqual(CALENDAR_OPS.map((op) => calendarRefusal(alice, calendar('owner', 'user:alice', type), op) ?? ok), expected);
    });
  }

  test('a reader of a Google or Exchange calendar is refused for its type first: third-party calendars are read-only for every role', () => {
    for (const kind of ['google', 'exchange'] as const) {
      const facts = calendar('reader', 'user:alice', kind);
      assert.deepEqual(CALENDAR_OPS.map((op): Outcome => calendarRefusal(alice, facts, op) ?? ok),
        [TYPE, TYPE, TYPE, TYPE, ok, ok, TYPE, ok, TYPE, ok]);
    }
  });

  test('free/busy readers may reply only; reply weighs no calendar role (events.md §2.6)', () => {
    assert.deepEqual(CALENDAR_OPS.map((op) => calendarRefusal(alice, calendar('free_busy_reader', 'user:carol'), op) ?? ok),
      [CAL, CAL, CAL, CAL, CAL, CAL, CAL, CAL, CAL, ok]);
    assert.equal(calendarRefusal(zed, calendar('unknown', 'user:carol', 'unknown'), 'reply'), undefined);
  });

  test('meeting chats and minutes: the caller\'s own primary with writer, else the operation\'s own code', () => {
    const ops = ['meeting_chat', 'unbind_meeting_chat', 'meeting_minute'] as const;
    const answers = (identity: Identity, facts: CalendarFacts) => ops.map((op) => calendarRefusal(identity, facts, op) ?? ok);
    assert.deepEqual(answers(alice, calendar('owner', 'user:alice')), [ok, ok, ok]);
    assert.deepEqual(answers(bot, calendar('owner', 'app:cli_a')), [ok, ok, ok]);
    assert.deepEqual(answers(alice, calendar('writer', 'user:bob')), [CHAT, UNBIND, MINUTE]);
    assert.deepEqual(answers(alice, calendar('owner', 'user:alice', 'shared')), [CHAT, UNBIND, MINUTE]);
    assert.deepEqual(answers(alice, calendar('reader', 'user:alice')), [CHAT, UNBIND, MINUTE]);
  });
});

describe('relations', () => {
  test('several hold at once; external follows the attendee row', () => {
    const both = facts({ calendar: calendar('owner', 'user:alice'), isOrganizer: true, attendee: 'internal', chatMember: true });
    assert.deepEqual([...relationsOf(alice, both)].sort(), ['attendee', 'chat_member', 'organizer']);
    assert.deepEqual([...relationsOf(zed, facts({ calendar: calendar('owner', 'user:zed'), attendee: 'external' }))], ['external_attendee']);
    assert.deepEqual([...relationsOf(alice, facts({ calendar: calendar('reader', 'user:carol') }))], []);
  });

  test('a bot is at most the organizer', () => {
    assert.deepEqual([...relationsOf(bot, facts({ calendar: calendar('owner', 'app:cli_a'), isOrganizer: true, attendee: 'internal', chatMember: true }))], ['organizer']);
  });
});
