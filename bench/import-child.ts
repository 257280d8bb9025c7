/** The import bench's child: runs the CLI's import on its own, then prints its figures as JSON (bench/import.ts). */
import { importFile, scanFile } from '../src/cli/import.js';
import { openStore } from '../src/storage/store.js';

const [db, file, calendarId] = process.argv.slice(2) as [string, string, string];
const store = await openStore({ dialect: 'sqlite', file: db });
// The heap is sampled while the import runs: streaming means it stays flat as the file grows.
let peakHeap = 0;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
const started = performance.now();
const scan = await scanFile(file);
const summary = await importFile(store, file, calendarId, scan);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
await store.close();
const { maxRSS } = process.resourceUsage();
// What the import still holds once its garbage is gone: the live heap, which streaming keeps flat.
(globalThis as { gc?: () => void }).gc?.();
const liveHeap = process.memoryUsage().heapUsed;
console.log(JSON.stringify({
  events: scan.vevents, seconds, maxRssMiB: maxRSS / 1024, peakHeapMiB: peakHeap / 2 ** 20, liveHeapMiB: liveHeap / 2 ** 20,
  created: summary.created, updated: summary.updated, cancelled: summary.cancelled, skipped: summary.skipped.length,
}));
if (summary.skipped.length > 0) console.error(summary.skipped.slice(0, 5));
