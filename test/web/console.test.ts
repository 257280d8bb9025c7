/**
 * The developer console in Chromium (issue #13 §3–§4): sign-in with the admin
 * token, rotating a secret (never the web calendar's own), the virtual clock
 * expiring a token, a fault hitting in the live journal, and axe-core over the
 * page. Each is checked on screen and through the admin or Open API. Skipped
 * without /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import { ACME, APPS, GLOBEX } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import type { Sandbox } from '../support/sandbox.js';
import { browserMissing, screenshot, seriousViolations } from '../support/browser.js';
import { startConsole, type ConsoleRun } from './console-harness.js';

const CALENDARS = '/open-apis/calendar/v4/calendars';
const HOUR = 3_600_000;

describe('developer console in Chromium', { skip: browserMissing }, () => {
  let sandbox: Sandbox;
  let run: ConsoleRun;
  let page: Page;

  before(async () => {
    run = await startConsole();
    ({ sandbox, page } = run);
  });
  after(async () => {
    await run?.close();
  });

  test('a wrong admin token is refused with the API\'s words; the right one opens the panels, kept in sessionStorage only', async () => {
    await page.goto(`${sandbox.url}/console`);
    await page.getByLabel('Admin token', { exact: true }).fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#sign-in-status', { hasText: 'a valid admin token is required' }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'the sign-in form passes axe-core');
    assert.equal(await page.locator('#sign-in-status').textContent(),
      'a valid admin token is required: Authorization: Bearer <admin token> (see larkcal admin-token) (unauthorized, HTTP 401)');

    await page.getByLabel('Admin token', { exact: true }).fill(sandbox.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Virtual clock' }).waitFor();
    const stored = await page.evaluate(() => [sessionStorage.getItem('larkcal.console.admin-token'), localStorage.length, document.cookie]);
    assert.deepEqual(stored, [sandbox.adminToken, 0, '']);

    const tenants = page.getByRole('table', { name: 'Tenants' });
    await tenants.waitFor();
    assert.deepEqual(await tenants.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent))),
      [[ACME, 'Acme', 'acme'], [GLOBEX, 'Globex', 'globex']], 'the tenants as GET /tenants lists them');
    await page.getByRole('button', { name: 'Open tenant Acme' }).click();
    await page.getByRole('table', { name: 'Users of Acme' }).waitFor();
    assert.deepEqual(await page.getByRole('table', { name: 'Users of Acme' }).locator('tbody td:first-child').allTextContents(), ['alice', 'bob', 'carol', 'dave']);
    await page.getByRole('button', { name: 'Open app Acme Reader' }).click();
    await page.locator('#app .scopes', { hasText: 'calendar:calendar:readonly' }).waitFor();
    assert.deepEqual(await page.locator('#app .scopes li').allTextContents(), ['calendar:calendar:readonly']);
  });

  test('Rotate secret shows the new secret once: the old one gets 10003, the new one a tenant token', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.locator('#app-status', { hasText: 'Rotated the secret of Acme Reader.' }).waitFor();
    const shown = JSON.parse((await page.locator('#new-secret pre').textContent())!);
    assert.deepEqual(Object.keys(shown).sort(), ['app_id', 'app_secret']);
    assert.equal(shown.app_id, APPS.readonly.app_id);
    const ask = async (app_secret: string) => (await raw(`${sandbox.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST', body: JSON.stringify({ app_id: APPS.readonly.app_id, app_secret }),
    })).json.code;
    assert.deepEqual([await ask(APPS.readonly.app_secret), await ask(shown.app_secret)], [10003, 0]);
    await page.getByRole('button', { name: 'Open app Acme Reader' }).click();
    await page.locator('#new-secret').getByText('shown this once').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#new-secret').textContent(), '', 'opened again, the secret is not shown');
  });

  test('the web calendar\'s own app offers no Rotate secret, and says why', async () => {
    // A sign-in started at the web calendar registers Acme's web app.
    const start = await fetch(`${sandbox.url}/web/signin?tenant=${ACME}`, { redirect: 'manual' });
    const webAppId = new URL(start.headers.get('location')!, sandbox.url).searchParams.get('client_id')!;
    await page.getByRole('button', { name: 'Open tenant Acme' }).click();
    await page.getByRole('button', { name: 'Open app larkcal web calendar' }).click();
    await page.locator('#app h3', { hasText: webAppId }).waitFor();
    assert.equal(await page.locator('#app').getByRole('button', { name: 'Rotate secret' }).count(), 0);
    assert.equal(await page.locator('#rotate-note').textContent(),
      'The web calendar\'s own app: its secret derives from the server\'s key and every web calendar session refreshes with it, so it is not rotated.');
    await page.getByRole('button', { name: 'Open app Acme Reader' }).click();
    await page.locator('#app h3', { hasText: APPS.readonly.app_id }).waitFor();
    assert.equal(await page.locator('#app').getByRole('button', { name: 'Rotate secret' }).count(), 1, 'any other app still offers it');
  });

  test('advancing the clock two hours expires a user token: 99991677 on the API and in the journal', async () => {
    const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
    const alice = (await sandbox.store.tenancy.findUserByUserId(ACME, 'alice'))!;
    const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, alice.ref, app.scopes)).accessToken.value;
    assert.equal((await raw(`${sandbox.url}${CALENDARS}`, { token })).json.code, 0, 'fresh, the token works');
    const before = (await sandbox.admin('GET', '/clock')).json.now as number;

    await page.getByLabel('Advance by').fill('121');
    await page.getByLabel('Unit').selectOption({ label: 'minutes' });
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.locator('#clock-status', { hasText: 'Advanced 121 minutes' }).waitFor();
    const clock = (await sandbox.admin('GET', '/clock')).json;
    assert.ok(clock.now >= before + 121 * 60_000 && clock.now < before + 121 * 60_000 + HOUR, `${before} → ${clock.now}`);
    assert.equal(await page.locator('#clock-now time').getAttribute('datetime'), new Date(Number(await page.locator('#clock-now').getAttribute('data-now'))).toISOString());
    assert.ok(Number(await page.locator('#clock-now').getAttribute('data-now')) >= before + 121 * 60_000);

    const expired = await raw(`${sandbox.url}${CALENDARS}`, { token });
    assert.deepEqual([expired.status, expired.json.code], [400, 99991677]);
    const [entry] = (await sandbox.admin('GET', `/journal?limit=1&path=${CALENDARS}`)).json.items;
    assert.deepEqual([entry.code, entry.user_id], [99991677, null]);
    const shown = page.locator(`#journal li.entry[data-seq="${entry.seq}"]`);
    await shown.waitFor();
    assert.match((await shown.locator('summary').textContent())!, new RegExp(`^#${entry.seq} \\S+ GET ${CALENDARS} → 400 code 99991677 · \\d+ ms$`));
  });

  test('a fault added in the console answers the next call and shows in the journal; removing it in the console ends it', async () => {
    await page.locator('#faults').getByLabel('Method').selectOption('GET');
    await page.locator('#faults').getByLabel('Path or route').fill(CALENDARS);
    await page.locator('#faults').getByLabel('Preset').selectOption('internal_error');
    await page.getByRole('button', { name: 'Add fault' }).click();
    await page.locator('#faults-status', { hasText: 'Added fault' }).waitFor();
    const [fault] = (await sandbox.admin('GET', '/faults')).json.items;
    assert.deepEqual({ ...fault, id: undefined }, { id: undefined, match: { method: 'GET', path: CALENDARS }, preset: 'internal_error', delay_ms: 0, times: null, probability: 1 });
    assert.equal(await page.locator('#faults-status').textContent(), `Added fault ${fault.id}.`);

    const tenant = await tenantToken(sandbox.url, APPS.full.app_id, APPS.full.app_secret);
    const hit = await raw(`${sandbox.url}${CALENDARS}`, { token: tenant });
    assert.deepEqual([hit.status, hit.json.code], [500, 190003]);
    const [entry] = (await sandbox.admin('GET', `/journal?limit=1&path=${CALENDARS}`)).json.items;
    assert.deepEqual([entry.fault, entry.status, entry.app_id], [fault.id, 500, APPS.full.app_id]);

    const shown = page.locator(`#journal li.entry[data-seq="${entry.seq}"]`);
    await shown.waitFor();
    assert.match((await shown.locator('summary').textContent())!, new RegExp(`GET ${CALENDARS} → 500 code 190003 fault ${fault.id}`));
    await shown.locator('summary').focus();
    await page.keyboard.press('Enter');
    await shown.locator('pre.json').nth(1).waitFor();
    assert.deepEqual(JSON.parse((await shown.locator('pre.json').nth(1).textContent())!).body, hit.json);

    await page.locator('#journal').getByLabel('Status', { exact: true }).fill('5xx');
    await page.locator('#journal').getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('#journal li.entry').first().waitFor();
    assert.deepEqual(await page.locator('#journal li.entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-seq'))), [String(entry.seq)]);

    await page.getByRole('button', { name: `Remove fault ${fault.id}` }).click();
    await page.locator('#faults-status', { hasText: `Removed fault ${fault.id}.` }).waitFor();
    assert.deepEqual((await sandbox.admin('GET', '/faults')).json.items, []);
    assert.equal((await raw(`${sandbox.url}${CALENDARS}`, { token: tenant })).json.code, 0);
    const unknown = page.locator('#faults');
    await unknown.getByLabel('Preset').selectOption('');
    await page.getByRole('button', { name: 'Add fault' }).click();
    await page.locator('#faults-status.error').waitFor();
    assert.equal(await page.locator('#faults-status').textContent(), '(body): a fault needs a preset, a response or delay_ms (invalid, HTTP 400)');
  });

  test('axe-core finds no serious or critical violation; a screenshot is saved', async () => {
    for (const summary of await page.locator('#journal summary').all()) await summary.click();
    const serious = await seriousViolations(page);
    assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'console');
  });
});
