/**
 * iCalendar into a calendar (issue #11 §4), through the event use cases the
 * Open API runs, so an import writes what a client would have written: rows,
 * placements and change-log entries, with the calendar's access rules.
 *
 * Each VEVENT is matched to the calendar's events by UID:
 *   a master (no RECURRENCE-ID)  → create, or patch the live event with that UID;
 *                                   its EXDATEs cancel those occurrences;
 *   an override (RECURRENCE-ID)  → patch that occurrence (it becomes an exception),
 *                                   or cancel it when STATUS:CANCELLED.
 * So importing a file twice updates rather than duplicates. An override whose
 * master comes later in the file waits for it; one whose master never comes
 * is skipped. Work on one UID runs in order; different UIDs run side by side,
 * so that their transactions can share commits.
 */
import { DomainError } from '../errors.js';
import type { EventService } from '../events/event-service.js';
import { eventIdOf } from '../events/ids.js';
import type { EventInput } from '../events/input.js';
import type { CalendarEvent } from '../events/model.js';
import type { Needs } from '../ports.js';
import type { Identity } from '../tenancy/model.js';
import type { DecodedVevent } from '../icalendar/index.js';

export type ImportOutcome = 'created' | 'updated' | 'cancelled';

export interface ImportSkip {
  uid: string;
  line: number;
  reason: string;
}

export interface ImportSummary {
  created: number;
  updated: number;
  cancelled: number;
  skipped: ImportSkip[];
}

type Reads = Needs<'events'>;

export class CalendarImport {
  readonly summary: ImportSummary = { created: 0, updated: 0, cancelled: 0, skipped: [] };
  /** UID → series id of masters met in this import (live ones only). */
  private readonly series = new Map<string, string>();
  private readonly waiting = new Map<string, Array<{ vevent: DecodedVevent; line: number }>>();

  constructor(
    private readonly events: EventService,
    private readonly reads: Reads,
    private readonly identity: Identity,
    private readonly calendarId: string,
  ) {}

  /** One VEVENT; a refusal of the core is recorded as a skip, anything else is thrown. */
  async apply(vevent: DecodedVevent, line: number): Promise<void> {
    try {
      if (vevent.originalTime === undefined) await this.master(vevent);
      else await this.override(vevent, vevent.originalTime, line);
    } catch (error) {
      this.skip(vevent.uid, line, error);
    }
  }

  /** Overrides still waiting for a master, once the whole file is read. */
  finish(): ImportSummary {
    for (const [uid, list] of this.waiting) for (const { line } of list) this.summary.skipped.push({ uid, line, reason: 'an override (RECURRENCE-ID) whose series is neither in the file nor in the calendar' });
    this.waiting.clear();
    return this.summary;
  }

  skip(uid: string, line: number, error: unknown): void {
    if (!(error instanceof DomainError)) throw error;
    const reason = error.violations.map((v) => `${v.field}: ${v.description}`).join('; ') || error.key;
    this.summary.skipped.push({ uid, line, reason });
  }

  private async master(vevent: DecodedVevent): Promise<void> {
    const current = await this.live(vevent.uid);
    const { input, status } = vevent.event;
    if (status === 'cancelled') {
      if (!current) throw skipReason('a cancelled event the calendar does not hold');
      await this.events.delete(this.identity, this.calendarId, current.eventId, { deleteException: false });
      this.summary.cancelled++;
      return;
    }
    let seriesId: string;
    if (current) {
      await this.events.patch(this.identity, this.calendarId, current.eventId, input);
      seriesId = current.seriesId;
      this.summary.updated++;
    } else {
      const view = await this.events.create(this.identity, this.calendarId, input);
      seriesId = view.event.seriesId;
      this.summary.created++;
    }
    this.series.set(vevent.uid, seriesId);
    for (const time of vevent.exdates) await this.cancel(seriesId, time);
    const waiting = this.waiting.get(vevent.uid) ?? [];
    this.waiting.delete(vevent.uid);
    for (const w of waiting) await this.apply(w.vevent, w.line);
  }

  private async override(vevent: DecodedVevent, originalTime: number, line: number): Promise<void> {
    const seriesId = this.series.get(vevent.uid) ?? (await this.live(vevent.uid))?.seriesId;
    if (!seriesId) {
      const list = this.waiting.get(vevent.uid) ?? [];
      list.push({ vevent, line });
      this.waiting.set(vevent.uid, list);
      return;
    }
    const instanceId = eventIdOf(seriesId, originalTime);
    if (vevent.event.status === 'cancelled') {
      await this.cancel(seriesId, originalTime);
      return;
    }
    // An occurrence takes no rule of its own (events.md §2.2).
    const input: EventInput = { ...vevent.event.input, recurrence: undefined };
    delete input.uid;
    await this.events.patch(this.identity, this.calendarId, instanceId, input);
    this.summary.updated++;
  }

  /** Cancels one occurrence; one already cancelled stays so (a second import). */
  private async cancel(seriesId: string, originalTime: number): Promise<void> {
    const eventId = eventIdOf(seriesId, originalTime);
    if ((await this.reads.events.get(eventId))?.status === 'cancelled') return;
    await this.events.delete(this.identity, this.calendarId, eventId, { deleteException: false });
    this.summary.cancelled++;
  }

  /** The calendar's live event with this UID that the calendar organizes (not a copy it attends). */
  private async live(uid: string): Promise<CalendarEvent | undefined> {
    const rows = await this.reads.events.findByUid(this.identity.tenantKey, uid, this.calendarId);
    return rows.find((r) => r.originalTime === 0 && r.organizerCalendarId === this.calendarId && r.status !== 'cancelled');
  }
}

function skipReason(description: string): DomainError {
  return new DomainError('invalid', [{ field: 'VEVENT', description }]);
}
