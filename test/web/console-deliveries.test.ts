/**
 * The console's app and deliveries panels in Chromium (issue #13 §3–§4): an
 * app's webhook configured on screen, a delivery that failed (dropped by a
 * fault, no retries left) shown with its attempt, and redelivered from the
 * console to the app's receiver. Skipped without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Page } from 'playwright-core';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { ACME, APPS } from '../support/fixture.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import type { Sandbox } from '../support/sandbox.js';
import { browserMissing } from '../support/browser.js';
import { startConsole, signInToConsole, type ConsoleRun } from './console-harness.js';

const FULL = APPS.full.app_id;
const CHANGED = 'calendar.calendar.changed_v4';
const VERIFICATION_TOKEN = 'vt_console_0123456789';

describe('developer console: deliveries in Chromium', { skip: browserMissing }, () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let run: ConsoleRun;
  let page: Page;
  let alice: ReturnType<typeof lark.withUserAccessToken>;
  /** Polls the admin API (the outbox settles on the worker's schedule, not the test's). */
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 500; i++) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`never ${what}`);
  };

  before(async () => {
    receiver = await startReceiver({ verificationToken: VERIFICATION_TOKEN });
    run = await startConsole({ deliveryRetries: [] });
    ({ sandbox, page } = run);
    const app = (await sandbox.store.tenancy.getApp(FULL))!;
    const user = (await sandbox.store.tenancy.findUserByUserId(ACME, 'alice'))!;
    alice = lark.withUserAccessToken((await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value);
    await signInToConsole(page, sandbox.url, sandbox.adminToken);
  });
  after(async () => {
    await run?.close();
    await receiver?.close();
  });

  test('the app panel configures the webhook: saved through PUT /apps/:app_id/events', async () => {
    await page.getByRole('button', { name: 'Open tenant Acme' }).click();
    await page.getByRole('button', { name: 'Open app Acme Scheduler' }).click();
    await page.locator('#app').getByText('This app has no event configuration yet.').waitFor();
    await page.getByLabel('Request URL').fill(receiver.url);
    await page.getByLabel('Verification token').fill(VERIFICATION_TOKEN);
    await page.getByLabel('Event types').fill(CHANGED);
    await page.getByRole('button', { name: 'Save event configuration' }).click();
    await page.locator('#app-status', { hasText: 'Saved the event configuration of Acme Scheduler' }).waitFor();
    const config = (await sandbox.admin('GET', `/apps/${FULL}/events`)).json;
    assert.deepEqual({ ...config, url_check: undefined }, {
      app_id: FULL, delivery: 'webhook', request_url: receiver.url, encrypt_key: null, verification_token: VERIFICATION_TOKEN, types: [CHANGED], url_check: undefined,
    });
    await until('answered the URL check', async () => ((await sandbox.admin('GET', `/apps/${FULL}/events`)).json.url_check === 'answered' ? true : undefined));
  });

  test('a failed delivery shows with its attempt; Redeliver sends it to the receiver', async () => {
    await sandbox.client().calendar.v4.calendar.subscription({}, alice);
    const fault = (await sandbox.admin('POST', '/faults', { match: { delivery: true, app_id: FULL }, preset: 'drop', times: 1 })).json;
    await sandbox.client().calendar.v4.calendar.create({ data: { summary: 'Dropped' } }, alice);
    const failed = await until('exhausted', async () => (await sandbox.admin('GET', `/deliveries?app_id=${FULL}&status=exhausted`)).json.items[0]);
    assert.deepEqual(failed.attempts.map((a: any) => [a.attempt, a.ok, a.error]), [[1, false, 'dropped by fault']]);
    assert.equal(receiver.of(CHANGED).length, 0);

    const deliveries = page.locator('#deliveries');
    await deliveries.getByLabel('App ID').fill(FULL);
    await deliveries.getByLabel('Status').selectOption('exhausted');
    await deliveries.getByRole('button', { name: 'Show deliveries' }).click();
    const row = deliveries.locator(`li[data-event-id="${failed.event_id}"]`);
    await row.waitFor();
    assert.equal(await deliveries.locator('li.delivery').count(), 1);
    assert.match((await row.locator('summary').textContent())!, new RegExp(`^exhausted ${CHANGED} → ${FULL} · 1 attempt · `));
    await row.locator('summary').click();
    const attempts = row.getByRole('table', { name: `Attempts of ${failed.event_id}` });
    assert.deepEqual(await attempts.locator('tbody td').allTextContents(), ['1', failed.attempts[0].at, 'webhook', 'failed', '—', `${failed.attempts[0].latency_ms} ms`, 'dropped by fault']);
    assert.ok(!(await sandbox.admin('GET', '/faults')).json.items.some((f: any) => f.id === fault.id), 'the fault ran out');

    await page.getByRole('button', { name: `Redeliver ${failed.event_id}` }).click();
    await page.locator('#deliveries-status', { hasText: 'Redelivered' }).waitFor();
    assert.equal(await page.locator('#deliveries-status').textContent(), `Redelivered ${failed.event_id}: accepted (200). Status now exhausted.`);
    const [received] = await receiver.waitFor(1, CHANGED);
    assert.equal(received!.data.event_id, failed.event_id);
    const [entry] = (await sandbox.admin('GET', `/journal?limit=1&app_id=${FULL}`)).json.items;
    assert.deepEqual([entry.kind, entry.delivery.event_id, entry.delivery.attempt, entry.delivery.ok], ['delivery', failed.event_id, null, true]);
    await page.locator(`#journal li.entry[data-seq="${entry.seq}"]`, { hasText: `delivery ${CHANGED} → ${FULL} ok` }).waitFor();
  });

  test('redelivering what a reset took away reads as the API\'s 404, on screen', async () => {
    const [listed] = (await sandbox.admin('GET', `/deliveries?app_id=${FULL}`)).json.items;
    assert.equal((await sandbox.admin('POST', '/reset')).status, 200);
    assert.deepEqual((await sandbox.admin('GET', '/deliveries')).json.items, []);
    await page.getByRole('button', { name: `Redeliver ${listed.event_id}` }).click();
    await page.locator('#deliveries-status.error').waitFor();
    assert.equal(await page.locator('#deliveries-status').textContent(), `no delivery ${listed.event_id} (not_found, HTTP 404)`);
  });
});
