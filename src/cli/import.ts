/**
 * `larkcal import FILE.ics --calendar CALENDAR_ID`: every VEVENT of a file into
 * a calendar, through the event use cases (core/imports). The file is read
 * twice, as a stream: once to check it is one whole VCALENDAR and to learn its
 * VTIMEZONEs, so that a file that is not iCalendar imports nothing; then to
 * import, a VEVENT at a time, several UIDs in flight so their writes share
 * commits. A VEVENT larkcal cannot hold is skipped and reported; the rest go in.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigError } from '../config/load.js';
import { DomainError } from '../core/errors.js';
import type { Identity } from '../core/tenancy/model.js';
import { EventService } from '../core/events/event-service.js';
import { componentsOf, decodeStreamedVevent, scanDocument, type DocumentScan } from '../core/icalendar/stream.js';
import { ICalendarError } from '../core/icalendar/index.js';
import { CalendarImport, type ImportSummary } from '../core/imports/calendar-import.js';
import { ownerIdentity } from '../core/imports/calendar-owner.js';
import { systemClock, type Store } from '../core/ports.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';
import { ProgressBar } from './progress.js';

/** VEVENTs in flight at once: enough to fill a group commit, few enough to bound memory. */
const IN_FLIGHT = 32;

export async function importCommand(db: DatabaseUrl, file: string, calendarId: string): Promise<void> {
  const size = await fileSize(file);
  const scan = await scanFile(file);
  const store = await openExisting(db);
  try {
    const started = Date.now();
    const summary = await importFile(store, file, calendarId, scan, new ProgressBar(process.stderr, size));
    const seconds = (Date.now() - started) / 1000;
    for (const s of summary.skipped) console.error(`skipped line ${s.line}${s.uid ? ` (UID ${s.uid})` : ''}: ${s.reason}`);
    console.log(`imported ${file} into ${calendarId}: ${summary.created} created, ${summary.updated} updated, ${summary.cancelled} cancelled, ${summary.skipped.length} skipped (${scan.vevents} VEVENTs in ${seconds.toFixed(1)} s)`);
  } finally {
    await store.close();
  }
}

/** Imports the file's VEVENTs; exported for the bench, which times it without the CLI around it. */
export async function importFile(store: Store, file: string, calendarId: string, scan: DocumentScan, progress?: ProgressBar): Promise<ImportSummary> {
  const importer = new CalendarImport(new EventService(store, systemClock), store, await calendarOwner(store, calendarId), calendarId);
  const input = createReadStream(file, { encoding: 'utf8' });
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let seen = 0;
  let failure: unknown;
  for await (const component of componentsOf(createInterface({ input, crlfDelay: Infinity }))) {
    if (failure) break;
    if (component.name !== 'vevent') continue;
    seen++;
    progress?.update(input.bytesRead, seen);
    let vevent;
    try {
      vevent = decodeStreamedVevent(component, scan);
    } catch (error) {
      if (!(error instanceof ICalendarError)) throw error;
      importer.summary.skipped.push({ uid: error.uid ?? '', line: component.line, reason: error.message });
      continue;
    }
    // One UID's VEVENTs in file order; others side by side.
    const uid = vevent.uid;
    const task: Promise<void> = (chains.get(uid) ?? Promise.resolve()).then(() => importer.apply(vevent, component.line));
    chains.set(uid, task);
    inFlight.add(task);
    task.catch((error: unknown) => { failure ??= error; }).finally(() => {
      inFlight.delete(task);
      if (chains.get(uid) === task) chains.delete(uid);
    });
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight).catch(() => undefined);
  }
  await Promise.allSettled(inFlight);
  if (failure) throw failure;
  progress?.finish(seen);
  return importer.finish();
}

/** The identity the import acts as, or why this calendar takes no import, said for people. */
export async function calendarOwner(store: Store, calendarId: string): Promise<Identity> {
  try {
    return await ownerIdentity(store, calendarId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.key === 'not_found:calendar') throw new ConfigError(`--calendar: no calendar ${calendarId} in this database`);
    if (error.key === 'unsupported:calendar_type') throw new ConfigError(`--calendar: ${calendarId} is a room calendar; events reach rooms by booking, not by import`);
    if (error.key === 'not_found:bot') throw new ConfigError(`--calendar: the tenant of ${calendarId} has no app to act through`);
    throw error;
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The first pass; a file that is not one whole VCALENDAR stops here, before anything is written. */
export async function scanFile(file: string): Promise<DocumentScan> {
  try {
    return await scanDocument(createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity }));
  } catch (error) {
    if (error instanceof ICalendarError) throw new ConfigError(`${file} is not iCalendar larkcal can import: ${error.detail}; nothing was imported`);
    throw error;
  }
}
