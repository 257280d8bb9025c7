/**
 * Contract: writers take turns per tenant (issue #14 §4). Tenants write
 * alongside each other (PostgreSQL: a lock per change-log shard), yet a reader
 * of one tenant only ever sees a prefix of that tenant's changes, and a reader
 * holding every tenant's turn (the delivery outbox) a prefix of all of them.
 * SQLite runs one writer at a time, so only the ordering half applies there.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../src/core/ports.js';
import type { Database } from '../../src/storage/tables.js';
import { calendar, change, forEachDialect, openRaw, sleep, unique } from './support/stores.js';

/** "lark", the class of the per-tenant locks (src/storage/dialects/postgres.ts). */
const TURN_LOCK = 0x6c61726b;

forEachDialect('storage contract: turns per tenant', (ctx) => {
  let raw: Kysely<Database>;
  before(() => {
    raw = openRaw(ctx().database.url);
  });
  after(() => raw.destroy());

  /** What has committed of `tenantKey`'s changes (every tenant's without one), as a second connection sees it. */
  const committed = async (since: number, tenantKey?: string) => {
    let query = raw.selectFrom('changes').select('seq').where('seq', '>', since);
    if (tenantKey !== undefined) query = query.where('tenant_key', '=', tenantKey);
    return (await query.orderBy('seq').execute()).map((r) => Number(r.seq));
  };

  /** Resolves once `count` transactions of this database wait for a tenant's turn (PostgreSQL). */
  const waitingForTenantTurn = async (count: number) => {
    for (;;) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
        where locktype = 'advisory' and classid = ${TURN_LOCK} and objsubid = 2 and not granted
          and database = (select oid from pg_database where datname = current_database())`.execute(raw);
      if (rows[0]!.n >= count) return;
      await sleep(5);
    }
  };

  /** Opens a transaction of `tenantKey` that appends one change and stays open until `release`. */
  const holdOpen = async (store: Store, tenantKey: string) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: (seq: number) => void;
    const first = new Promise<number>((resolve) => (appended = resolve));
    const done = store.transaction(async (repos) => {
      appended(await repos.changes.append(change({ tenantKey })));
      await gate;
    }, { tenantKey });
    return { seq: await first, release, done };
  };

  /** A bound on a wait that should end, so a broken lock fails the test instead of hanging the suite. */
  const HANG = { timeout: 60_000 };

  test('a transaction held open on tenant A does not hold up tenant B, while a second one of A waits for it', HANG, async (t) => {
    const { store, dialect } = ctx();
    if (dialect === 'sqlite') return t.skip('SQLite has one writer at a time');
    const [a, b] = [unique('ta'), unique('tb')];
    const open = await holdOpen(store, a);

    const ofB = await store.transaction((repos) => repos.changes.append(change({ tenantKey: b })), { tenantKey: b });
    assert.deepEqual(await committed(0, b), [ofB], 'B committed while A is open');
    assert.deepEqual(await committed(0, a), [], 'nothing of A is visible yet');
    // A sync token of A taken now stays below A's open change, so the next sync finds it; the head of all would not.
    assert.equal(await store.changes.head(a), 0);
    assert.equal(await store.changes.head(), ofB);

    let secondOfA: number | undefined;
    const second = store.transaction((repos) => repos.changes.append(change({ tenantKey: a })), { tenantKey: a }).then((n) => (secondOfA = n));
    await waitingForTenantTurn(1);
    assert.equal(secondOfA, undefined, 'the second transaction of A waits for the first');

    open.release();
    await open.done;
    await second;
    assert.ok(open.seq < ofB && ofB < secondOfA!, `${open.seq} < ${ofB} < ${secondOfA}`);
    assert.deepEqual(await committed(0, a), [open.seq, secondOfA]);
    assert.equal(await store.changes.head(a), secondOfA);
    assert.equal(await store.changes.head(b), ofB);
  });

  test('a transaction of no tenant waits for every open tenant, and a reader outside one reads nothing meanwhile', HANG, async (t) => {
    const { store, dialect } = ctx();
    if (dialect === 'sqlite') return t.skip('SQLite has one writer at a time');
    const base = await store.changes.head();
    const open = await holdOpen(store, unique('ta'));
    const ofB = await store.transaction((repos) => repos.changes.append(change({ tenantKey: 'other' })), { tenantKey: 'other' });
    // B's number is above A's open one: a reader of every tenant must not see it yet.
    assert.deepEqual(await store.changes.readAfter(base, 10), []);
    let read: number[] | undefined;
    const outbox = store.transaction(async (repos) => (read = (await repos.changes.readAfter(base, 10)).map((c) => c.seq)));
    const waiting = async () => {
      for (;;) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and objsubid = 1 and not granted
            and database = (select oid from pg_database where datname = current_database())`.execute(raw);
        if (rows[0]!.n >= 1) return;
        await sleep(5);
      }
    };
    await waiting();
    assert.equal(read, undefined, 'the unscoped transaction waits for A');
    open.release();
    await open.done;
    await outbox;
    assert.deepEqual(read, [open.seq, ofB]);
  });

  test('readers of each tenant, and of all holding every turn, only ever see a prefix while four tenants race', async () => {
    const { store } = ctx();
    const tenants = [unique('ta'), unique('tb'), unique('tc'), unique('td')];
    const base = await store.changes.head();
    let running = true;
    const seen: Array<{ tenant?: string; seqs: number[] }> = [];
    const poll = async (read: () => Promise<{ tenant?: string; seqs: number[] }>) => {
      while (running) {
        seen.push(await read());
        await sleep(1);
      }
    };
    const readers = [
      ...tenants.map((tenant) => poll(async () => ({ tenant, seqs: await committed(base, tenant) }))),
      // What the delivery outbox reads: in a transaction of no tenant.
      poll(async () => ({ seqs: await store.transaction(async (repos) => (await repos.changes.readAfter(base, 1000)).map((c) => c.seq)) })),
    ];
    const writers = Array.from({ length: 40 }, (_, i) => {
      const tenantKey = tenants[i % tenants.length]!;
      return store.transaction(async (repos) => {
        await sleep(i % 3);
        const first = await repos.changes.append(change({ tenantKey, calendarId: `w${i}` }));
        await sleep((i * 7) % 5);
        const second = await repos.changes.append(change({ tenantKey, calendarId: `w${i}` }));
        return [first, second];
      }, { tenantKey });
    });
    const seqs = (await Promise.all(writers)).flat();
    running = false;
    await Promise.all(readers);
    const final = new Map<string | undefined, number[]>([[undefined, await committed(base)]]);
    for (const tenant of tenants) final.set(tenant, await committed(base, tenant));
    assert.equal(final.get(undefined)!.length, 80);
    assert.equal(new Set(seqs).size, 80);
    for (const { tenant, seqs: prefix } of seen) {
      assert.deepEqual(prefix, final.get(tenant)!.slice(0, prefix.length), `${tenant ?? 'every tenant'}: ${prefix.join(',')} is no prefix`);
    }
    for (const tenant of tenants) assert.equal(await store.changes.head(tenant), final.get(tenant)!.at(-1));
  });

  test("a tenant's transaction that reaches another tenant runs again in every tenant's turn; it cannot read every tenant's", async () => {
    const { store, dialect } = ctx();
    const [a, b] = [unique('ta'), unique('tb')];
    const ofB = calendar(b);
    await store.calendars.insert(ofB);
    // Once with B's change, once with A's change on B's calendar (an external attendee's copy of A's event).
    for (const reaching of [change({ tenantKey: b }), change({ tenantKey: a, calendarId: ofB.calendarId })]) {
      let runs = 0;
      const seqs = await store.transaction(async (repos) => {
        runs++;
        const own = await repos.changes.append(change({ tenantKey: a }));
        return [own, await repos.changes.append(reaching)];
      }, { tenantKey: a });
      assert.equal(runs, dialect === 'postgres' ? 2 : 1, 'PostgreSQL rolls the first run back and runs it again');
      assert.deepEqual(await committed(seqs[0]! - 1), seqs, 'only the second run committed');
    }
    await assert.rejects(store.transaction((repos) => repos.changes.readAfter(0, 10), { tenantKey: a }), /readAfter reads every tenant/);
  });
});
