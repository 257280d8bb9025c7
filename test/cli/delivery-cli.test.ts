/** `larkcal app events` and `larkcal deliveries`, run as a user runs them, on a seeded database. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '../../src/core/delivery/model.js';
import { systemClock, type Store } from '../../src/core/ports.js';
import { parseFixture } from '../../src/core/tenancy/fixture.js';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { DIALECTS, freshDatabase, type Dialect, type TestDatabase, withStore } from '../support/database.js';
import { ACME, APPS, GLOBEX, testFixture } from '../support/fixture.js';
import { larkcal, start } from './larkcal-process.js';

const FULL = APPS.full.app_id;
const STORE_APP = 'cli_f1b2c3d4e5f60718';
const TOKEN = 'vtok-fixture-0123456789';
const TICKET = 'TICKET-must-not-be-printed';
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (ms: number): string => new Date(T0 + ms).toISOString();

/** The test fixture, its scheduler app taking two event types by webhook, plus a store app without events. */
function fixture() {
  const f = testFixture();
  f.tenants[0]!.apps![0]!.events = {
    delivery: 'webhook', request_url: 'http://127.0.0.1:9/hook', verification_token: TOKEN,
    types: ['calendar.calendar.changed_v4', 'calendar.calendar.event.changed_v4'],
  };
  f.tenants[0]!.apps!.push({ app_id: STORE_APP, name: 'Acme Marketplace', type: 'store', bot: true, scopes: [] });
  return f;
}

async function seeded(dialect: Dialect): Promise<TestDatabase> {
  const database = await freshDatabase(dialect);
  await withStore(database, (store) => loadFixture(store, parseFixture(JSON.stringify(fixture())), systemClock));
  return database;
}


function delivery(eventId: string, fields: Partial<Delivery> & Pick<Delivery, 'createdAt'>): Delivery {
  return {
    eventId, appId: FULL, tenantKey: ACME, eventType: 'calendar.calendar.event.changed_v4', event: { calendar_id: 'feishu.cn_x@group.calendar.feishu.cn' },
    mergeKey: null, changeType: null, status: 'pending', attempts: 0, dueAt: fields.createdAt, ...fields,
  };
}

/** An attempt as the worker records it: claimed at `ms`, then recorded. */
async function attempt(store: Store, ms: number, a: Omit<DeliveryAttempt, 'at' | 'transport'>, next: { status: DeliveryStatus; dueAt: number }): Promise<void> {
  const claimed = await store.deliveries.claimDue(T0 + ms, 'cli-test', T0 + ms + 60_000, 10, []);
  assert.ok(claimed.some((d) => d.eventId === a.eventId), `${a.eventId} was not due at ${at(ms)}`);
  await store.deliveries.recordAttempt('cli-test', { ...a, at: T0 + ms, transport: 'webhook' }, next);
}

for (const dialect of DIALECTS) {
  describe(`larkcal app events (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await seeded(dialect);
    });
    after(() => database.drop());
    const config = (appId: string) => withStore(database, (store) => store.appEvents.get(appId));

    test('changes the URL, types and key, prints the configuration and the verification token but never the key', async () => {
      const run = await larkcal(['app', 'events', FULL, '--db', database.text, '--request-url', 'https://hooks.example/larkcal',
        '--types', 'calendar.calendar.event.changed_v4', '--encrypt-key', 'secret-encrypt-key']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, [
        `app ${FULL}: event configuration updated:`,
        '  delivery:           webhook',
        '  request_url:        https://hooks.example/larkcal',
        '  encrypt_key:        set (not shown)',
        '  types:              calendar.calendar.event.changed_v4',
        '  url_check:          pending: the running server sends the URL-verification challenge (larkcal serve on this database)',
        `  verification_token: ${TOKEN}`,
        '',
      ].join('\n'));
      assert.doesNotMatch(run.stdout + run.stderr, /secret-encrypt-key/);
      assert.deepEqual(await config(FULL), {
        appId: FULL, delivery: 'webhook', requestUrl: 'https://hooks.example/larkcal', encryptKey: 'secret-encrypt-key',
        verificationToken: TOKEN, types: ['calendar.calendar.event.changed_v4'], urlCheck: 'pending',
      });
    });

    test('flags not given keep their value; none clears the key; no flags prints the configuration', async () => {
      const cleared = await larkcal(['app', 'events', FULL, '--db', database.text, '--encrypt-key', 'none']);
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.match(cleared.stdout, /^ {2}encrypt_key: {8}none$/m);
      const stored = await config(FULL);
      assert.equal(stored?.encryptKey, null);
      assert.equal(stored?.requestUrl, 'https://hooks.example/larkcal');
      assert.deepEqual(stored?.types, ['calendar.calendar.event.changed_v4']);
      const shown = await larkcal(['app', 'events', FULL, '--db', database.text]);
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, new RegExp(`^app ${FULL}: event configuration:\n`));
      assert.match(shown.stdout, new RegExp(`^ {2}verification_token: ${TOKEN}$`, 'm'));
      assert.deepEqual(await config(FULL), stored, 'printing changed the configuration');
    });

    const refused: [string, string, string[], RegExp][] = [
      ['an unknown type', FULL, ['--types', 'calendar.calendar.changed_v4,calendar.calendar.nope'], /^larkcal: --types: "calendar\.calendar\.nope" is not an event type larkcal delivers/],
      ['the long connection for a store app', STORE_APP, ['--delivery', 'long_connection'], /^larkcal: --delivery: long_connection is for internal apps only/],
      ['a bad delivery', FULL, ['--delivery', 'carrier-pigeon'], /^larkcal: --delivery: must be "webhook" or "long_connection"/],
      ['a webhook without a URL', APPS.nobot.app_id, ['--types', 'calendar.calendar.changed_v4'], /^larkcal: --request-url: is required for webhook delivery/],
      ['clearing a webhook\'s URL', FULL, ['--request-url', 'none'], /^larkcal: --request-url: is required for webhook delivery/],
      ['a URL that is not http(s)', FULL, ['--request-url', 'ftp://hooks.example/x'], /^larkcal: --request-url: must be an absolute http\(s\) URL \(got ftp:\/\/hooks\.example\/x\)/],
      ['an empty URL', FULL, ['--request-url', ''], /^larkcal: --request-url: must not be empty \(none clears it\)/],
      ['an unknown app', 'cli_0000000000000000', ['--types', 'calendar.calendar.changed_v4'], /^larkcal: no app cli_0000000000000000 in this database/],
    ];
    for (const [what, appId, flags, message] of refused) {
      test(`refuses ${what}, naming the flag (or the app), and changes nothing`, async () => {
        const before = await config(appId);
        const run = await larkcal(['app', 'events', appId, '--db', database.text, ...flags]);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
        assert.deepEqual(await config(appId), before);
      });
    }
  });

  describe(`larkcal deliveries (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await seeded(dialect);
      await withStore(database, async (store) => {
        await store.deliveries.insert(delivery('ev_delivered', { createdAt: T0, changeType: 'update', mergeKey: 'm1' }));
        await store.deliveries.insert(delivery('ev_ticket', { createdAt: T0 + 1000, dueAt: T0 + 3_600_000, eventType: 'app_ticket', event: { app_id: FULL, app_ticket: TICKET } }));
        await store.deliveries.insert(delivery('ev_globex', { createdAt: T0 + 2000, appId: APPS.globex.app_id, tenantKey: GLOBEX, eventType: 'calendar.calendar.changed_v4' }));
        await attempt(store, 5000, { eventId: 'ev_delivered', attempt: 1, ok: false, code: 500, latencyMs: 12, error: 'HTTP 500\nfrom the hook' }, { status: 'failed', dueAt: T0 + 20_000 });
        await attempt(store, 20_000, { eventId: 'ev_delivered', attempt: 2, ok: true, code: 200, latencyMs: 7, error: null }, { status: 'delivered', dueAt: T0 + 20_000 });
      });
    });
    after(() => database.drop());

    const lines = {
      delivered: [
        `${at(0)} ev_delivered ${FULL} calendar.calendar.event.changed_v4 update delivered attempts=2`,
        `  #1 ${at(5000)} webhook failed code=500 latency=12ms error="HTTP 500\\nfrom the hook"`,
        `  #2 ${at(20_000)} webhook ok code=200 latency=7ms`,
      ],
      ticket: [`${at(1000)} ev_ticket ${FULL} app_ticket pending attempts=0 due=${at(3_600_000)}`],
      globex: [`${at(2000)} ev_globex ${APPS.globex.app_id} calendar.calendar.changed_v4 pending attempts=0 due=${at(2000)}`],
    };
    const output = (...groups: string[][]) => `${groups.flat().join('\n')}\n`;
    const deliveries = (...flags: string[]) => larkcal(['deliveries', '--db', database.text, ...flags]);

    test('lists every delivery oldest first with its attempts, and no event body', async () => {
      const run = await deliveries();
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, output(lines.delivered, lines.ticket, lines.globex));
      assert.doesNotMatch(run.stdout, new RegExp(TICKET));
    });

    test('--status, --app and --limit narrow the listing', async () => {
      assert.equal((await deliveries('--status', 'pending')).stdout, output(lines.ticket, lines.globex));
      assert.equal((await deliveries('--status', 'delivered')).stdout, output(lines.delivered));
      assert.equal((await deliveries('--app', FULL)).stdout, output(lines.delivered, lines.ticket));
      assert.equal((await deliveries('--limit', '1')).stdout, output(lines.globex));
      const none = await deliveries('--status', 'exhausted');
      assert.deepEqual([none.code, none.stdout, none.stderr], [0, '', 'no deliveries\n']);
    });

    for (const [flags, message] of [
      [['--status', 'sent'], /^larkcal: --status: must be one of pending, failed, delivered, exhausted \(got sent\)\n$/],
      [['--limit', '0'], /^larkcal: --limit: must be a positive integer \(got 0\)\n$/],
      [['--app', 'cli_0000000000000000'], /^larkcal: no app cli_0000000000000000 in this database\n$/],
    ] as const) {
      test(`refuses ${flags.join(' ')}`, async () => {
        const run = await deliveries(...flags);
        assert.deepEqual([run.code, run.stdout], [1, '']);
        assert.match(run.stderr, message);
      });
    }

    test('--follow prints a new delivery and a change of state, then stops on SIGTERM', async () => {
      const follow = start(['deliveries', '--follow', '--app', FULL, '--db', database.text]);
      try {
        await follow.waitFor('stderr', /following/);
        assert.equal(follow.output().stdout, output(lines.delivered, lines.ticket));
        // One after the other, so the order they are printed in is known.
        await withStore(database, (store) =>
          attempt(store, 3_600_000, { eventId: 'ev_ticket', attempt: 1, ok: false, code: null, latencyMs: 3000.4, error: 'timed out' }, { status: 'failed', dueAt: T0 + 3_615_000 }));
        await follow.waitFor('stdout', /ev_ticket .* failed/);
        await withStore(database, async (store) => {
          await store.deliveries.insert(delivery('ev_other_app', { createdAt: T0 + 30_000, appId: APPS.globex.app_id, tenantKey: GLOBEX }));
          await store.deliveries.insert(delivery('ev_new', { createdAt: T0 + 31_000, dueAt: T0 + 7_200_000, eventType: 'calendar.calendar.changed_v4' }));
        });
        await follow.waitFor('stdout', /ev_new/);
      } finally {
        follow.child.kill('SIGTERM');
      }
      const done = await follow.exited;
      assert.deepEqual([done.code, done.signal], [0, null], done.stderr);
      const followed = done.stdout.slice(output(lines.delivered, lines.ticket).length);
      assert.equal(followed, output(
        [`${at(1000)} ev_ticket ${FULL} app_ticket failed attempts=1 due=${at(3_615_000)}`, `  #1 ${at(3_600_000)} webhook failed code=- latency=3000ms error="timed out"`],
        [`${at(31_000)} ev_new ${FULL} calendar.calendar.changed_v4 pending attempts=0 due=${at(7_200_000)}`],
      ));
      assert.doesNotMatch(done.stdout, new RegExp(TICKET));
    });
  });
}
