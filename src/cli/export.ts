/** `larkcal export --calendar CALENDAR_ID`: the calendar as one iCalendar document on stdout, streamed. */
import { once } from 'node:events';
import { exportCalendar } from '../core/exports/calendar-export.js';
import type { DatabaseUrl } from '../storage/store.js';
import { openExisting } from './database.js';
import { ConfigError } from '../config/load.js';
import { DomainError } from '../core/errors.js';

export async function exportCommand(db: DatabaseUrl, calendarId: string, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const store = await openExisting(db, { quiet: true });
  try {
    for await (const chunk of exportCalendar(store, calendarId)) {
      // Waits for a slow reader (a pipe) rather than buffering the whole calendar.
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } catch (error) {
    if (error instanceof DomainError && error.key === 'not_found:calendar') throw new ConfigError(`--calendar: no calendar ${calendarId} in this database`);
    throw error;
  } finally {
    await store.close();
  }
}
