/**
 * `npm run bench -- --only import`: `larkcal import` of 100,000 events (issue
 * #11 §4). A generated file of about 100 MB — one-off events, weekly series
 * with a moved and a cancelled occurrence, all-day events, four zones, each
 * with a long description — goes into an empty calendar of a fresh SQLite
 * file. The import runs in a child process (bench/import-child.ts) so that its
 * own peak RSS and heap are measured; the heap is printed beside the file's
 * size: streaming means it does not grow with the file.
 *
 * `--events N` changes the count (default 100,000).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CalendarService } from '../src/core/calendars/calendar-service.js';
import { systemClock } from '../src/core/ports.js';
import { loadFixture } from '../src/core/tenancy/seed.js';
import { openStore } from '../src/storage/store.js';
import { BENCH_APP, BENCH_TENANT, benchFixture } from './fixture.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'UTC'];
const DESCRIPTION = 'Agenda: '.padEnd(880, 'lorem ipsum dolor sit amet ');

export interface ImportFigures { events: number; seconds: number; maxRssMiB: number; peakHeapMiB: number; liveHeapMiB: number; created: number; updated: number; cancelled: number; skipped: number }

export async function runImportBench(count: number): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-bench-import-'));
  try {
    const file = join(dir, 'bench.ics');
    console.error(`writing ${count.toLocaleString('en-US')} VEVENTs …`);
    await writeIcs(file, count);
    const bytes = statSync(file).size;
    const db = join(dir, 'bench.db');
    const calendarId = await emptyCalendar(db);
    console.error(`importing ${(bytes / 2 ** 20).toFixed(0)} MB …`);
    const figures = await importInChild(db, file, calendarId);
    console.log(`\nlarkcal import (SQLite, group commit)`);
    console.log(`  file:          ${figures.events.toLocaleString('en-US')} VEVENTs, ${(bytes / 2 ** 20).toFixed(1)} MiB`);
    console.log(`  outcome:       ${figures.created} created, ${figures.updated} updated, ${figures.cancelled} cancelled, ${figures.skipped} skipped`);
    console.log(`  time:          ${figures.seconds.toFixed(1)} s, ${Math.round(figures.events / figures.seconds).toLocaleString('en-US')} events/s`);
    console.log(`  peak heap:     ${figures.peakHeapMiB.toFixed(0)} MiB (${(figures.peakHeapMiB / (bytes / 2 ** 20)).toFixed(2)}× the file), garbage included`);
    console.log(`  live heap:     ${figures.liveHeapMiB.toFixed(0)} MiB after the import, once collected`);
    // RSS also counts SQLite's page caches (64 MiB per connection) and the memory-mapped database file.
    console.log(`  peak RSS:      ${figures.maxRssMiB.toFixed(0)} MiB (SQLite's page caches and memory-mapped database included)`);
    return figures.skipped === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh database with the bench tenant and one empty calendar of the bench app's bot. */
async function emptyCalendar(file: string): Promise<string> {
  const store = await openStore({ dialect: 'sqlite', file });
  try {
    await loadFixture(store, benchFixture(), systemClock);
    const calendar = await new CalendarService(store, systemClock).create({ kind: 'app', tenantKey: BENCH_TENANT, appId: BENCH_APP.app_id }, { summary: 'Imported' });
    return calendar.calendar.calendarId;
  } finally {
    await store.close();
  }
}

async function importInChild(db: string, file: string, calendarId: string): Promise<ImportFigures> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(HERE, 'import-child.ts'), db, file, calendarId], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`the import child exited with ${code}`);
  return JSON.parse(out) as ImportFigures;
}

/** Every tenth VEVENT starts a weekly series (then its moved occurrence follows); every seventh is all-day. */
async function writeIcs(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//larkcal//bench//EN\r\n');
  // 09:00–16:00 local on each day: never inside a DST gap, where a local time does not exist.
  const base = Date.UTC(2026, 0, 5, 9, 0, 0);
  for (let i = 0; i < count; i++) {
    const zone = ZONES[i % ZONES.length]!;
    const day = new Date(base + (i % 730) * 86_400_000 + (i % 8) * 3_600_000);
    if (i % 10 === 0 && i + 1 < count) {
      await write(vevent(`bench-${i}`, zone, day, [`RRULE:FREQ=WEEKLY;COUNT=20`, `EXDATE;TZID=${zone}:${local(new Date(day.getTime() + 14 * 86_400_000))}`]));
      i++;
      await write(vevent(`bench-${i - 1}`, zone, new Date(day.getTime() + 7 * 86_400_000 + 3_600_000), [`RECURRENCE-ID;TZID=${zone}:${local(new Date(day.getTime() + 7 * 86_400_000))}`]));
      continue;
    }
    if (i % 7 === 0) {
      const date = day.toISOString().slice(0, 10).replace(/-/g, '');
      await write(`BEGIN:VEVENT\r\nUID:bench-${i}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:${date}\r\nSUMMARY:All day ${i}\r\nDESCRIPTION:${DESCRIPTION}\r\nEND:VEVENT\r\n`);
      continue;
    }
    await write(vevent(`bench-${i}`, zone, day, []));
  }
  await write('END:VCALENDAR\r\n');
  out.end();
  await once(out, 'finish');
}

function vevent(uid: string, zone: string, start: Date, extra: string[]): string {
  const end = new Date(start.getTime() + 3_600_000);
  const lines = [
    'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', `DTSTART;TZID=${zone}:${local(start)}`, `DTEND;TZID=${zone}:${local(end)}`,
    `SUMMARY:Event ${uid}`, `DESCRIPTION:${DESCRIPTION}`, 'LOCATION:Room 4', ...extra, 'END:VEVENT',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** The wall-clock digits of a Date's UTC fields (the bench reads them as the zone's local time). */
function local(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF and a space. */
function fold(line: string): string {
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
  return parts.join('\r\n ');
}
