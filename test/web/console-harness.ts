/**
 * What the console's browser tests stand on: a sandbox serving the built
 * console at `/console` (dist/web, built by test/support/browser.ts), and a
 * Chromium page to drive it.
 */
import type { Page } from 'playwright-core';
import type { Config } from '../../src/config/schema.js';
import { ensureWebBuilt, launchBrowser } from '../support/browser.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

export interface ConsoleRun {
  sandbox: Sandbox;
  /** A page of a fresh browser profile, not yet on the console. */
  page: Page;
  close(): Promise<void>;
}

export async function startConsole(config: Partial<Config> = {}): Promise<ConsoleRun> {
  ensureWebBuilt();
  const sandbox = await startSandbox({ config });
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(10_000);
  return {
    sandbox,
    page,
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}

/** Opens the console and signs in with `token` through its form. */
export async function signInToConsole(page: Page, site: string, token: string): Promise<void> {
  await page.goto(`${site}/console`);
  await page.getByLabel('Admin token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Virtual clock' }).waitFor();
}
