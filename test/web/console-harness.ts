/**
 * What the console's browser tests stand on: the console built by Vite into
 * dist/web and served by the sandbox itself at `/console`, and Debian's
 * Chromium driven by playwright-core.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Config } from '../../src/config/schema.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Builds dist/web (the calendar and the console, `npm run build:web`) when it
 * is missing or older than a file of web/console: larkcal serves the console
 * from there at `/console`.
 */
export function ensureConsoleBuilt(): void {
  const built = 'dist/web/console/index.html';
  if (existsSync(built) && statSync(built).mtimeMs >= newest('web/console')) return;
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:web failed');
}

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir).map((name) => {
    const stat = statSync(join(dir, name));
    return stat.isDirectory() ? newest(join(dir, name)) : stat.mtimeMs;
  }));
}

/** Chromium with a fresh profile, gone with the context. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'larkcal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the console and signs in with `token` through its form. */
export async function signIn(page: Page, site: string, token: string): Promise<void> {
  await page.goto(`${site}/console`);
  await page.getByLabel('Admin token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Virtual clock' }).waitFor();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is, with the elements they name. */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy allows no inline script.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n: any) => n.target.join(' ')) }));
  });
  return violations.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
}

export interface ConsoleRun {
  sandbox: Sandbox;
  /** A page of a fresh Chromium profile, not yet on the console. */
  page: Page;
  close(): Promise<void>;
}

/** A sandbox serving the built console, and a browser page to drive it. */
export async function startConsole(config: Partial<Config> = {}): Promise<ConsoleRun> {
  ensureConsoleBuilt();
  const sandbox = await startSandbox({ config });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
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
