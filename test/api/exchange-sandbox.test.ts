/**
 * The Exchange sync as `serve` runs it: the fixture file names its mailbox
 * relative to itself, and the runner follows the sandbox clock: a frozen
 * clock holds a binding at `doing`, and each move of the clock through the
 * admin API runs the steps that became due at once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { DIALECTS } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';
import { ics } from './exchange-ics.js';
import { ADMIN_ACCOUNT, ALICE_MAILBOX, exchangeFixture } from './exchange-support.js';

async function until(check: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

for (const dialect of DIALECTS) {
  describe(`the exchange sync in a running sandbox (${dialect})`, () => {
    let sandbox: Sandbox;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'larkcal-exchange-sandbox-'));
      mkdirSync(join(dir, 'mailboxes'));
      const start = Date.UTC(2026, 2, 20, 9) / 1000;
      writeFileSync(join(dir, 'mailboxes', 'alice.ics'), ics([{ uid: 'a@ex', summary: 'From Exchange', start, end: start + 3600 }]));
      const fixture = exchangeFixture({ [ALICE_MAILBOX]: { ics: './mailboxes/alice.ics' } });
      writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fixture));
      sandbox = await startSandbox({ dialect, config: { seed: join(dir, 'fixture.json') }, fixture: { tenants: [{ name: 'Spare' }] } });
    });
    after(async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a frozen clock holds the binding at doing; moving it runs each step as it falls due', async () => {
      await sandbox.admin('POST', '/clock', { set: '2026-03-16T09:00:00Z' });
      const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
      const dave = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, 'dave'))!;
      const token = lark.withUserAccessToken((await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, dave.ref, app.scopes)).accessToken.value);
      const api = sandbox.client().calendar.v4.exchangeBinding;
      const id = (await api.create({ data: { admin_account: ADMIN_ACCOUNT, exchange_account: ALICE_MAILBOX, user_id: 'alice' }, params: { user_id_type: 'user_id' } }, token)).data!.exchange_binding_id!;
      const status = async () => (await api.get({ path: { exchange_binding_id: id } }, token)).data!.status;
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(await status(), 'doing', 'several polls went by; the clock did not move');
      for (const expected of ['cal_done', 'timespan_done', 'done']) {
        await sandbox.admin('POST', '/clock', { advance_ms: 1000 });
        assert.ok(await until(async () => (await status()) === expected), `reached ${expected}`);
      }
      const binding = (await sandbox.store.exchange.getBinding(id))!;
      const events = await sandbox.store.events.listPlaced(binding.calendarId!, { offset: 0, limit: 10 });
      assert.deepEqual(events.map((p) => p.event.summary), ['From Exchange'], 'read from the file named relative to the fixture');
      await sandbox.admin('POST', '/clock', { mode: 'system' });
    });
  });
}
