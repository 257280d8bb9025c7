/**
 * The web calendar's browser tests: Debian's Chromium through playwright-core
 * (nothing downloaded), the app built once when dist/web is missing or older
 * than web/, axe-core, and screenshots into test-results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const browserMissing = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium): the browser tests are skipped`;

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Playwright gives each launch a new temporary profile (its own --user-data-dir), removed on close. `args`: more Chromium flags. */
export function launchBrowser(args: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...FLAGS, ...args], headless: true });
}

function newest(dir: string): number {
  let latest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    latest = Math.max(latest, stat.isDirectory() ? newest(path) : stat.mtimeMs);
  }
  return latest;
}

/**
 * Builds dist/web when it is missing or older than any file of web/. test/run.ts builds once before
 * its parallel files start (and says so in the environment), so two files never build at once.
 */
export function ensureWebBuilt(): void {
  if (process.env.LARKCAL_WEB_BUILT === '1') return;
  const built = 'dist/web/index.html';
  if (existsSync(built) && statSync(built).mtimeMs >= newest('web')) return;
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build:web failed');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** axe-core's serious and critical violations on the page as it stands (issue #13 §2: none allowed). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 5) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.targets.join(' ')}`);
}

/** The sign-in page offers the server's tenants when it has several. */
export async function chooseTenant(page: Page, tenant: string): Promise<void> {
  await page.click(`main a:text-is("${tenant}")`);
  await page.waitForSelector('#login');
}

/** The authorize page's form, as a person fills it. */
export async function signIn(page: Page, url: string, login: string, password: string, tenant = 'Acme'): Promise<void> {
  await page.goto(`${url}/`);
  await chooseTenant(page, tenant);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${url}/`), page.click('button[value=approve]')]);
  await page.waitForSelector('.fc-timegrid, .fc-daygrid, .fc-list');
}
