/**
 * Contract: a transaction opened through an open one's `transaction` joins it
 * (a unit of work of several use cases, e.g. a CalDAV PUT): one commit for all
 * of it; a part that fails rolls all of it back, even when its caller goes on;
 * a part needing another tenant's turn sends the whole unit round again in
 * every tenant's turn (PostgreSQL), as a single transaction would be.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { OpenTransaction } from '../../src/core/ports.js';
import type { Database } from '../../src/storage/tables.js';
import { change, forEachDialect, openRaw, unique } from './support/stores.js';

forEachDialect('storage contract: nested transactions join the open one', (ctx) => {
  let raw: Kysely<Database>;
  before(() => {
    raw = openRaw(ctx().database.url);
  });
  after(() => raw.destroy());

  /** The seqs of `tenantKey`'s changes a second connection sees committed. */
  const committed = async (tenantKey: string) => (await raw.selectFrom('changes').select('seq').where('tenant_key', '=', tenantKey).orderBy('seq').execute()).map((r) => Number(r.seq));

  test('parts joined to a transaction commit once, together, and see each other\'s writes', async () => {
    const { store } = ctx();
    const tenantKey = unique('t');
    const seqs = await store.transaction(async (unit) => {
      const first = await unit.transaction((repos) => repos.changes.append(change({ tenantKey })), { tenantKey });
      // A second part sees the first's row: same connection, same transaction.
      const seen = await unit.transaction(async (repos) => repos.changes.head(tenantKey), { tenantKey });
      assert.equal(seen, first);
      assert.deepEqual(await committed(tenantKey), [], 'nothing is committed before the outer transaction ends');
      const second = await unit.transaction((inner) => inner.transaction((repos) => repos.changes.append(change({ tenantKey })), { tenantKey }), { tenantKey });
      return [first, second];
    }, { tenantKey });
    assert.deepEqual(await committed(tenantKey), seqs);
  });

  test('a part that throws rolls the whole unit back, also when the caller catches its error and goes on', async () => {
    const { store } = ctx();
    const tenantKey = unique('t');
    const refused = new Error('refused by the core');
    await assert.rejects(store.transaction(async (unit) => {
      await unit.transaction((repos) => repos.changes.append(change({ tenantKey })), { tenantKey });
      await unit.transaction(async () => {
        throw refused;
      }, { tenantKey });
    }, { tenantKey }), (error) => error === refused);
    const swallowed = await store.transaction(async (unit) => {
      await unit.transaction((repos) => repos.changes.append(change({ tenantKey })), { tenantKey });
      return unit.transaction(async () => {
        throw refused;
      }, { tenantKey }).catch(() => 'went on');
    }, { tenantKey }).catch((error: unknown) => error);
    assert.equal(swallowed, refused, 'the outer transaction fails with the part\'s error');
    assert.deepEqual(await committed(tenantKey), [], 'neither unit committed anything');
    // The store is not left in a transaction: a next one commits.
    const seq = await store.transaction((repos) => repos.changes.append(change({ tenantKey })), { tenantKey });
    assert.deepEqual(await committed(tenantKey), [seq]);
  });

  test("a part in another tenant's turn runs the whole unit again in every tenant's turn (PostgreSQL); an ended unit refuses parts", async () => {
    const { store, dialect } = ctx();
    const [a, b] = [unique('ta'), unique('tb')];
    let runs = 0;
    let leaked: OpenTransaction | undefined;
    const seqs = await store.transaction(async (unit) => {
      runs++;
      leaked = unit;
      const own = await unit.transaction((repos) => repos.changes.append(change({ tenantKey: a })), { tenantKey: a });
      return [own, await unit.transaction((repos) => repos.changes.append(change({ tenantKey: b })), { tenantKey: b })];
    }, { tenantKey: a });
    assert.equal(runs, dialect === 'postgres' ? 2 : 1);
    assert.deepEqual([...await committed(a), ...await committed(b)], seqs, 'only the last run committed');
    await assert.rejects(leaked!.transaction(async () => 1), /this transaction has ended/);
  });
});
