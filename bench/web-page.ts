/**
 * What the web bench measures inside Chromium. Times come from the page's own
 * clock (the Performance API and performance.now()), so the DevTools round
 * trips of Playwright are not in them.
 * - A load: first-contentful-paint of the navigation, and when the view's
 *   `data-events-drawn` (web/src/view.ts) first named a range, plus the frame
 *   that paints it.
 * - A click: from the click to the view naming a new range, plus that frame;
 *   a click on an inert element, to its next frame, is the baseline.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface LoadTimes { fcp: number; drawn: number; requests: number }

/** Before any script of the page: note when the view first says its events are drawn. */
const WATCH_DRAWN = `(() => {
  const seen = () => { window.__drawnAt = performance.now(); };
  new MutationObserver((records, observer) => {
    if (!records.some((r) => r.target.id === 'calendar' && r.attributeName === 'data-events-drawn')) return;
    observer.disconnect();
    setTimeout(seen, 0);
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-events-drawn'] });
})();`;

export async function watchDrawn(context: BrowserContext): Promise<void> {
  await context.addInitScript(WATCH_DRAWN);
}

/** FCP of the page's navigation, waiting for it to be reported. */
export function firstContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    new PerformanceObserver((list, observer) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (!entry) return;
      observer.disconnect();
      resolve(entry.startTime);
    }).observe({ type: 'paint', buffered: true });
  }));
}

/** A navigation to `url` on a page whose context watches for drawn events; `requests`: the document and what it fetched before the events were drawn. */
export async function load(page: Page, url: string): Promise<LoadTimes> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt !== undefined);
  const fcp = await firstContentfulPaint(page);
  const { drawn, requests } = await page.evaluate(() => {
    const at = (window as unknown as { __drawnAt: number }).__drawnAt;
    return { drawn: at, requests: 1 + performance.getEntriesByType('resource').filter((e) => e.startTime <= at).length };
  });
  return { fcp, drawn, requests };
}

/** In-flight requests of a page, to let it settle between clicks as a person's pace would. */
export function settler(page: Page): () => Promise<void> {
  let open = 0;
  page.on('request', () => { open++; });
  page.on('requestfinished', () => { open--; });
  page.on('requestfailed', () => { open--; });
  return async () => {
    while (open > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
  };
}

/**
 * Clicks `selector` in the page and times it to the view drawing another range's events;
 * `fetched`: the requests the switch waited for (none when the range was fetched ahead).
 */
export function timeSwitch(page: Page, selector: string): Promise<{ time: number; fetched: number }> {
  return page.evaluate((button) => new Promise<{ time: number; fetched: number }>((resolve, reject) => {
    const root = document.getElementById('calendar')!;
    const before = root.dataset.eventsDrawn;
    const timer = setTimeout(() => reject(new Error(`no new range drawn after ${button}`)), 10_000);
    new MutationObserver((_records, observer) => {
      if (root.dataset.eventsDrawn === before) return;
      observer.disconnect();
      clearTimeout(timer);
      const drawn = performance.now();
      const fetched = performance.getEntriesByType('resource').filter((e) => e.startTime >= started && e.startTime <= drawn).length;
      setTimeout(() => resolve({ time: performance.now() - started, fetched }), 0);
    }).observe(root, { attributes: true, attributeFilter: ['data-events-drawn'] });
    const started = performance.now();
    document.querySelector<HTMLElement>(button)!.click();
  }), selector);
}

/** The baseline of a click: on the view's title, which does nothing, to the frame after it. */
export function timeInertClick(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    const started = performance.now();
    document.querySelector<HTMLElement>('.fc-toolbar-title')!.click();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
  }));
}
