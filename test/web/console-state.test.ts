/**
 * The console's state panels in Chromium (issue #13 §3): a tenant created and
 * deleted, a snapshot taken and restored, reset to the seed, the clock set,
 * run and back to system time, and signing out. Each checked through the
 * admin API. Skipped without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Sandbox } from '../support/sandbox.js';
import { browserMissing, seriousViolations } from '../support/browser.js';
import { startConsole, signInToConsole, type ConsoleRun } from './console-harness.js';

const NEW_TENANT = { tenant_key: 'c0n5013', name: 'Console Co', users: [{ user_id: 'ann', name: 'Ann', email: 'ann@console.example' }], apps: [{ name: 'Console App', scopes: ['calendar:calendar'] }] };

describe('developer console: tenants, snapshots and the clock in Chromium', { skip: browserMissing }, () => {
  let sandbox: Sandbox;
  let run: ConsoleRun;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    run = await startConsole();
    ({ sandbox, page } = run);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await signInToConsole(page, sandbox.url, sandbox.adminToken);
  });
  after(async () => {
    await run?.close();
  });

  test('a snapshot taken before a tenant is created brings the sandbox back without it', async () => {
    await page.getByLabel('Snapshot name').fill('before-tenant');
    await page.getByRole('button', { name: 'Take snapshot' }).click();
    await page.getByRole('table', { name: 'Snapshots' }).getByText('before-tenant').waitFor();
    assert.deepEqual((await sandbox.admin('GET', '/snapshots')).json.snapshots.map((s: any) => s.name), ['before-tenant']);

    await page.getByText('Create a tenant').click();
    await page.getByLabel('Tenant (one tenant of the fixture format, JSON)').fill(JSON.stringify(NEW_TENANT));
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('table', { name: 'Apps of Console Co' }).waitFor();
    const shown = JSON.parse((await page.locator('#tenants .created pre').textContent())!);
    assert.equal(shown.tenant_key, NEW_TENANT.tenant_key);
    assert.equal(shown.apps.length, 1);
    const directory = (await sandbox.admin('GET', `/tenants/${NEW_TENANT.tenant_key}`)).json;
    assert.deepEqual([directory.name, directory.apps[0].app_id, directory.users.map((u: any) => u.user_id)], ['Console Co', shown.apps[0].app_id, ['ann']]);
    const secret = await fetch(`${sandbox.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: shown.apps[0].app_id, app_secret: shown.apps[0].app_secret }),
    });
    assert.equal((await secret.json()).code, 0, 'the secret shown once works');

    await page.getByRole('button', { name: 'Restore snapshot before-tenant' }).click();
    await page.locator('#state-status', { hasText: 'Restored before-tenant.' }).waitFor();
    assert.equal((await sandbox.admin('GET', `/tenants/${NEW_TENANT.tenant_key}`)).status, 404);
    await page.getByRole('table', { name: 'Tenants' }).getByText('Console Co').waitFor({ state: 'detached' });
    assert.deepEqual(await page.getByRole('table', { name: 'Tenants' }).locator('tbody td:nth-child(2)').allTextContents(), ['Acme', 'Globex'],
      'the list is read again after the restore');

    await page.getByRole('button', { name: 'Delete snapshot before-tenant' }).click();
    await page.locator('#state-status', { hasText: 'Deleted before-tenant.' }).waitFor();
    assert.deepEqual((await sandbox.admin('GET', '/snapshots')).json.snapshots, []);
  });

  test('a tenant deleted in the console is gone; reset to the seed brings it back', async () => {
    await page.getByRole('button', { name: 'Open tenant Acme' }).click();
    await page.getByRole('button', { name: 'Delete tenant Acme' }).click();
    await page.locator('#tenants-status', { hasText: 'Deleted tenant 2ed263bf32cf1651.' }).waitFor();
    assert.equal(dialogs.at(-1), 'Delete tenant Acme (2ed263bf32cf1651) and all of its data?');
    assert.equal((await sandbox.admin('GET', '/tenants/2ed263bf32cf1651')).status, 404);

    await page.getByRole('button', { name: 'Reset to seed' }).click();
    await page.locator('#state-status', { hasText: 'Reset to the seed.' }).waitFor();
    assert.equal(dialogs.at(-1), 'Reset the sandbox to its seed? Everything since is lost.');
    assert.equal((await sandbox.admin('GET', '/tenants/2ed263bf32cf1651')).json.name, 'Acme');
  });

  test('the clock is set and frozen, then runs, then follows the system', async () => {
    await page.getByLabel('Set to (RFC 3339)').fill('2026-03-16T09:00:00+08:00');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page.locator('#clock-status', { hasText: 'Set and frozen at 2026-03-16T01:00:00.000Z.' }).waitFor();
    assert.deepEqual((await sandbox.admin('GET', '/clock')).json, { now: Date.parse('2026-03-16T01:00:00Z'), mode: 'frozen' });
    assert.equal(await page.locator('#clock-now').textContent(), '2026-03-16T01:00:00.000Z — frozen');

    await page.getByRole('button', { name: 'Run' }).click();
    await page.locator('#clock-now[data-mode="running"]').waitFor();
    assert.equal((await sandbox.admin('GET', '/clock')).json.mode, 'running');
    await page.getByRole('button', { name: 'System time' }).click();
    await page.locator('#clock-now[data-mode="system"]').waitFor();
    assert.equal((await sandbox.admin('GET', '/clock')).json.mode, 'system');

    await page.getByLabel('Set to (RFC 3339)').fill('next tuesday');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await page.locator('#clock-status.error').waitFor();
    assert.equal(await page.locator('#clock-status').textContent(),
      'set must be an RFC 3339 instant (2026-03-16T09:00:00+08:00) or epoch milliseconds (invalid, HTTP 400)');
    assert.equal((await sandbox.admin('GET', '/clock')).json.mode, 'system', 'a bad instant changed nothing');
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('a reload keeps the tab signed in; the panels are reached by keyboard; signing out forgets the token', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Virtual clock' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the console');
    await page.getByRole('navigation', { name: 'Panels' }).getByRole('link', { name: 'Faults' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#faults');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in with the admin token' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('larkcal.console.admin-token')), null);
    await page.reload();
    await page.getByLabel('Admin token', { exact: true }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Virtual clock' }).count(), 0);
  });
});
