/**
 * The access matrix: identity × role × operation → allowed or the exact Feishu
 * refusal. `effectiveRole` and `decide` are the one access check every calendar
 * use case makes (calendars.md §2.3–§2.4, §3).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, effectiveRole, type CalendarOperation } from '../../src/core/calendars/access.js';
import type { Acl, Calendar, CalendarPermissions, CalendarType, Role } from '../../src/core/calendars/model.js';
import { DomainError, type ErrorKey } from '../../src/core/errors.js';
import type { Identity } from '../../src/core/tenancy/model.js';

const alice: Identity = { kind: 'user', tenantKey: 'acme', appId: 'cli_a', userRef: 'alice', scopes: [] };
const bot: Identity = { kind: 'app', tenantKey: 'acme', appId: 'cli_a' };
const outsider: Identity = { kind: 'user', tenantKey: 'globex', appId: 'cli_g', userRef: 'zed', scopes: [] };

function calendar(permissions: CalendarPermissions, type: CalendarType = 'shared', extra: Partial<Calendar> = {}): Calendar {
  return {
    calendarId: 'acme_x@group.calendar.feishu.cn', tenantKey: 'acme', type, summary: 's', description: '', permissions,
    owner: 'user:owner', isThirdParty: false, deleted: false, version: 1, ...extra,
  };
}

const acl = (role: Acl['role'], identity: Acl['identity'] = 'user:alice'): Acl => ({ calendarId: 'c', aclId: 'user_1', identity, role });

describe('effective role: the higher of the ACL role and what permissions grant the tenant', () => {
  const cases: Array<[string, Identity, CalendarPermissions, Acl | undefined, Role]> = [
    ['private, no ACL', alice, 'private', undefined, 'unknown'],
    ['free/busy calendar, no ACL', alice, 'show_only_free_busy', undefined, 'free_busy_reader'],
    ['public calendar, no ACL', alice, 'public', undefined, 'reader'],
    ['private, writer ACL', alice, 'private', acl('writer'), 'writer'],
    ['public, free_busy_reader ACL: permissions win', alice, 'public', acl('free_busy_reader'), 'reader'],
    ['free/busy, owner ACL', alice, 'show_only_free_busy', acl('owner'), 'owner'],
    ['the app (bot) in the same tenant', bot, 'public', undefined, 'reader'],
    ['another tenant gets nothing from permissions', outsider, 'public', undefined, 'unknown'],
  ];
  for (const [name, identity, permissions, grant, expected] of cases) {
    test(name, () => assert.equal(effectiveRole(identity, calendar(permissions), grant), expected));
  }
});

describe('decide: operation × role × calendar → allowed or the Feishu code', () => {
  const ROLES: Role[] = ['unknown', 'free_busy_reader', 'reader', 'writer', 'owner'];
  const OPS: CalendarOperation[] = ['read', 'update_global', 'update_personal', 'delete', 'manage_acl'];

  // What each role may do on a shared calendar it has subscribed.
  const expected: Record<CalendarOperation, Record<Role, ErrorKey | 'ok'>> = {
    read: { unknown: 'forbidden:calendar', free_busy_reader: 'ok', reader: 'ok', writer: 'ok', owner: 'ok' },
    update_global: { unknown: 'forbidden:calendar', free_busy_reader: 'forbidden:calendar', reader: 'forbidden:calendar', writer: 'forbidden:calendar', owner: 'ok' },
    update_personal: { unknown: 'forbidden:calendar', free_busy_reader: 'ok', reader: 'ok', writer: 'ok', owner: 'ok' },
    delete: { unknown: 'forbidden:calendar', free_busy_reader: 'forbidden:calendar', reader: 'forbidden:calendar', writer: 'forbidden:calendar', owner: 'ok' },
    manage_acl: { unknown: 'forbidden:calendar', free_busy_reader: 'forbidden:calendar', reader: 'forbidden:calendar', writer: 'forbidden:calendar', owner: 'ok' },
  };

  const outcome = (op: CalendarOperation, facts: Parameters<typeof decide>[1]): ErrorKey | 'ok' => {
    try {
      decide(op, facts);
      return 'ok';
    } catch (error) {
      assert.ok(error instanceof DomainError);
      return error.key;
    }
  };

  const subscribed = { calendarId: 'c', identity: 'user:alice' as const, subscribed: true, color: 0, summaryAlias: '', version: 1 };

  for (const op of OPS) {
    for (const role of ROLES) {
      test(`${op} as ${role} on a subscribed shared calendar → ${expected[op][role]}`, () => {
        assert.equal(outcome(op, { calendar: calendar('private'), role, membership: subscribed }), expected[op][role]);
      });
    }
  }

  test('personal settings need a subscription unless you own the calendar (191009)', () => {
    assert.equal(outcome('update_personal', { calendar: calendar('public'), role: 'reader', membership: undefined }), 'forbidden:non_subscriber');
    assert.equal(outcome('update_personal', { calendar: calendar('public'), role: 'reader', membership: { ...subscribed, subscribed: false } }), 'forbidden:non_subscriber');
    assert.equal(outcome('update_personal', { calendar: calendar('public'), role: 'owner', membership: undefined }), 'ok');
  });

  test('a deleted calendar answers 191003 to everyone, whatever the operation', () => {
    for (const op of OPS) assert.equal(outcome(op, { calendar: calendar('public', 'shared', { deleted: true }), role: 'owner', membership: subscribed }), 'gone:calendar');
  });

  test('only shared calendars can be deleted (191004), even by their owner', () => {
    for (const type of ['primary', 'resource', 'google', 'exchange'] as const) {
      assert.equal(outcome('delete', { calendar: calendar('public', type), role: 'owner', membership: subscribed }), 'unsupported:calendar_type');
    }
  });

  test('ACLs exist on primary and shared calendars only (191004)', () => {
    assert.equal(outcome('manage_acl', { calendar: calendar('public', 'primary'), role: 'owner', membership: subscribed }), 'ok');
    assert.equal(outcome('manage_acl', { calendar: calendar('public', 'resource'), role: 'owner', membership: subscribed }), 'unsupported:calendar_type');
  });

  test('third-party calendars are read-only (191004 on global changes)', () => {
    const google = calendar('public', 'google', { isThirdParty: true });
    assert.equal(outcome('update_global', { calendar: google, role: 'owner', membership: subscribed }), 'unsupported:calendar_type');
    assert.equal(outcome('read', { calendar: google, role: 'reader', membership: subscribed }), 'ok');
  });
});
