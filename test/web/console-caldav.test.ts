/**
 * The console's CalDAV panel in Chromium (issue #13 §3): a user's devices as
 * the admin API lists them, and one revoked from the page stops on CalDAV at
 * once while the other works on. Skipped without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Page } from 'playwright-core';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { browserMissing, seriousViolations } from '../support/browser.js';
import { ACME, APPS } from '../support/fixture.js';
import type { Sandbox } from '../support/sandbox.js';
import { signInToConsole, startConsole, type ConsoleRun } from './console-harness.js';

describe('developer console: CalDAV credentials in Chromium', { skip: browserMissing }, () => {
  let sandbox: Sandbox;
  let run: ConsoleRun;
  let page: Page;

  before(async () => {
    run = await startConsole();
    ({ sandbox, page } = run);
    await signInToConsole(page, sandbox.url, sandbox.adminToken);
  });
  after(async () => {
    await run?.close();
  });

  const generate = async (device_name: string) => {
    const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
    const alice = (await sandbox.store.tenancy.findUserByUserId(ACME, 'alice'))!;
    const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
    return (await sandbox.client().calendar.v4.setting.generateCaldavConf({ data: { device_name } }, lark.withUserAccessToken(token))).data!;
  };
  const propfind = async (c: { user_name?: string; password?: string }) => (await fetch(`${sandbox.url}/dav/`, {
    method: 'PROPFIND', headers: { authorization: `Basic ${Buffer.from(`${c.user_name}:${c.password}`).toString('base64')}`, depth: '0' },
  })).status;

  test('a user\'s devices are listed without passwords; Revoke stops that one on CalDAV, the other works on', async () => {
    const phone = await generate('iPhone');
    const mac = await generate('Mac');
    await page.getByRole('button', { name: 'Open tenant Acme' }).click();
    await page.getByRole('table', { name: 'Users of Acme' }).waitFor();
    await page.locator('#caldav').getByLabel('User').selectOption({ label: 'Alice Wang (alice, Acme)' });
    await page.getByRole('button', { name: 'Show credentials' }).click();
    const shown = page.getByRole('table', { name: 'CalDAV credentials of alice' });
    await shown.waitFor();
    assert.deepEqual((await shown.locator('tbody td:first-child').allTextContents()).sort(), ['Mac', 'iPhone']);
    assert.equal(await page.locator('#caldav code').first().textContent(), phone.user_name);
    const text = (await page.locator('#caldav').textContent())!;
    assert.ok(!text.includes(phone.password!) && !text.includes(mac.password!), 'no password on the page');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Revoke iPhone' }).click();
    await page.locator('#caldav-status', { hasText: 'Revoked the CalDAV credential of iPhone.' }).waitFor();
    assert.deepEqual(await shown.locator('tbody td:first-child').allTextContents(), ['Mac']);
    assert.deepEqual([await propfind(phone), await propfind(mac)], [401, 207]);
    const listed = await sandbox.admin('GET', `/users/alice/caldav-credentials?tenant_key=${ACME}`);
    assert.deepEqual(listed.json.items.map((c: any) => c.device_name), ['Mac']);
  });
});
