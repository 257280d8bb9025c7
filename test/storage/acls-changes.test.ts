/** Contract: AclRepository, ChangeLog, EventSubscriptionRepository, and Store.transaction's atomicity. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Acl } from '../../src/core/calendars/model.js';
import type { IdentityKey } from '../../src/core/tenancy/model.js';
import { calendar, change, forEachDialect, membership, unique } from './support/stores.js';

forEachDialect('storage contract: acls, change log, event subscriptions', (ctx) => {
  const acl = (calendarId: string, aclId: string, identity: IdentityKey, role: Acl['role'] = 'reader'): Acl => ({ calendarId, aclId, identity, role });

  test('ACLs: one per calendar and identity; put replaces the role; get, findFor, forIdentity', async () => {
    const { store } = ctx();
    const cal = unique('cal');
    await store.acls.put(acl(cal, 'user_1', 'user:a', 'reader'));
    await store.acls.put(acl(cal, 'user_1', 'user:a', 'writer'));
    assert.deepEqual(await store.acls.get(cal, 'user_1'), acl(cal, 'user_1', 'user:a', 'writer'));
    assert.deepEqual(await store.acls.findFor(cal, 'user:a'), acl(cal, 'user_1', 'user:a', 'writer'));
    await assert.rejects(store.acls.put(acl(cal, 'user_2', 'user:a')), 'a second ACL for the same identity');
    await store.acls.put(acl(`${cal}x`, 'user_1', 'user:a', 'owner'));
    const mine = await store.acls.forIdentity('user:a', [cal, `${cal}x`, 'elsewhere']);
    assert.deepEqual(mine.map((a) => a.role).sort(), ['owner', 'writer']);
    assert.deepEqual(await store.acls.forIdentity('user:a', []), []);
    assert.equal(await store.acls.get(cal, 'user_9'), undefined);
  });

  test('ACL list: in creation order, whatever the ids; paged; delete removes one', async () => {
    const { store } = ctx();
    const cal = unique('cal');
    const order = ['user_9', 'user_1', 'user_5', 'user_3', 'user_7'];
    for (const [i, id] of order.entries()) await store.acls.put(acl(cal, id, `user:${i}`));
    await store.acls.put(acl(cal, 'user_9', 'user:0', 'owner'));
    assert.deepEqual((await store.acls.list(cal, 0, 10)).map((a) => a.aclId), order);
    assert.deepEqual([...(await store.acls.list(cal, 0, 2)), ...(await store.acls.list(cal, 2, 10))].map((a) => a.aclId), order);
    await store.acls.delete(cal, 'user_5');
    assert.deepEqual((await store.acls.list(cal, 0, 10)).map((a) => a.aclId), ['user_9', 'user_1', 'user_3', 'user_7']);
    await store.acls.put(acl(cal, 'user_5', 'user:2'));
    assert.deepEqual((await store.acls.list(cal, 0, 10)).map((a) => a.aclId), ['user_9', 'user_1', 'user_3', 'user_7', 'user_5']);
  });

  test('change log: append returns increasing numbers; head is the highest', async () => {
    const { store } = ctx();
    const first = await store.changes.append(change());
    const second = await store.transaction((repos) => repos.changes.append(change({ data: { kind: 'acl.created', aclId: 'user_1', grantee: 'user:a', role: 'reader' } })));
    const third = await store.changes.append(change());
    assert.ok(first < second && second < third, `${first} < ${second} < ${third}`);
    assert.equal(await store.changes.head(), third);
  });

  test('a transaction that throws after appending leaves neither its data nor its change', async () => {
    const { store } = ctx();
    const head = await store.changes.head();
    const cal = calendar('t');
    await assert.rejects(
      store.transaction(async (repos) => {
        const seq = await repos.changes.append(change({ calendarId: cal.calendarId }));
        await repos.calendars.insert({ ...cal, version: seq });
        await repos.calendars.putMembership(membership(cal.calendarId, 'user:x', seq));
        await repos.acls.put(acl(cal.calendarId, 'user_1', 'user:x', 'owner'));
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await store.calendars.get(cal.calendarId), undefined);
    assert.equal(await store.calendars.getMembership(cal.calendarId, 'user:x'), undefined);
    assert.deepEqual(await store.acls.list(cal.calendarId, 0, 10), []);
    assert.equal(await store.changes.head(), head);
    const next = await store.changes.append(change());
    assert.ok(next > head);
  });

  test('a transaction that returns commits data and change together', async () => {
    const { store } = ctx();
    const cal = calendar('t');
    const seq = await store.transaction(async (repos) => {
      const n = await repos.changes.append(change({ calendarId: cal.calendarId }));
      await repos.calendars.insert({ ...cal, version: n });
      return n;
    });
    assert.equal((await store.calendars.get(cal.calendarId))?.version, seq);
    assert.equal(await store.changes.head(), seq);
  });

  test('event subscriptions: put is idempotent, exists, delete', async () => {
    const { store } = ctx();
    const app = unique('cli_');
    assert.equal(await store.eventSubscriptions.exists(app, 'user:a', 'acl', 'cal'), false);
    await store.eventSubscriptions.put(app, 'user:a', 'acl', 'cal', 1);
    await store.eventSubscriptions.put(app, 'user:a', 'acl', 'cal', 2);
    assert.equal(await store.eventSubscriptions.exists(app, 'user:a', 'acl', 'cal'), true);
    assert.equal(await store.eventSubscriptions.exists(app, 'user:a', 'event', 'cal'), false);
    assert.equal(await store.eventSubscriptions.exists(app, 'user:b', 'acl', 'cal'), false);
    await store.eventSubscriptions.put(app, 'user:a', 'event', 'cal', 3);
    await store.eventSubscriptions.delete(app, 'user:a', 'acl', 'cal');
    assert.equal(await store.eventSubscriptions.exists(app, 'user:a', 'acl', 'cal'), false);
    assert.equal(await store.eventSubscriptions.exists(app, 'user:a', 'event', 'cal'), true);
    await store.eventSubscriptions.delete(app, 'user:a', 'acl', 'cal');
  });
});
