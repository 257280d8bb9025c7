/**
 * Bringing a synced calendar in line with what its mailbox holds: events new
 * in the source are created, changed ones updated, and ones gone from it
 * deleted, each with its change-log row in the caller's transaction, so sync
 * tokens and change events see a re-sync like any other write.
 *
 * Events are matched by iCalendar UID and RECURRENCE-ID (`originalTime`);
 * a series' occurrences share the master's series id. An event larkcal cannot
 * hold (a recurrence rule it refuses) is skipped and reported, not fatal.
 */
import type { Calendar } from '../calendars/model.js';
import type { EventChange } from '../changes/model.js';
import { DomainError } from '../errors.js';
import type { IdSource } from '../ids.js';
import { eventIdOf } from '../events/ids.js';
import { spanOf } from '../events/input.js';
import type { CalendarEvent, EventContent } from '../events/model.js';
import type { Needs } from '../ports.js';
import type { IdentityKey } from '../tenancy/model.js';
import type { MailboxEvent } from './model.js';

export interface ReconcileResult {
  created: number;
  updated: number;
  deleted: number;
  skipped: Array<{ uid: string; reason: string }>;
}

type Repos = Needs<'events' | 'changes'>;

const PAGE = 500;
const keyOf = (uid: string, originalTime: number) => `${uid}\u0000${originalTime}`;

/** Which of the calendar's live events the source still decides; `scope` narrows a partial step to some UIDs. */
export interface ReconcileScope {
  /** Only these UIDs are created or updated; others wait for a later step. */
  uids?: ReadonlySet<string>;
  /** Delete live events the source no longer has (a full sync only). */
  deleteMissing: boolean;
}

export async function reconcile(repos: Repos, calendar: Calendar, events: readonly MailboxEvent[], scope: ReconcileScope, at: number, ids: IdSource): Promise<ReconcileResult> {
  const result: ReconcileResult = { created: 0, updated: 0, deleted: 0, skipped: [] };
  const live = await liveEvents(repos, calendar.calendarId);
  // Masters first, so an occurrence finds its series.
  const ordered = [...events].sort((a, b) => a.originalTime - b.originalTime);
  for (const source of ordered) {
    if (scope.uids && !scope.uids.has(source.uid)) continue;
    try {
      const outcome = await apply(repos, calendar, source, live, at, ids);
      if (outcome) result[outcome]++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      result.skipped.push({ uid: source.uid, reason: error.violations.map((v) => `${v.field}: ${v.description}`).join('; ') || error.key });
    }
  }
  if (scope.deleteMissing) {
    const sourceKeys = new Set(events.map((e) => keyOf(e.uid, e.originalTime)));
    for (const [key, event] of live) {
      // Still in the source (skipped ones included, left as they were).
      if (sourceKeys.has(key)) continue;
      await write(repos, { ...event, status: 'cancelled' }, deletionOf(event), at, 'update');
      result.deleted++;
    }
  }
  return result;
}

async function liveEvents(repos: Repos, calendarId: string): Promise<Map<string, CalendarEvent>> {
  const live = new Map<string, CalendarEvent>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await repos.events.listPlaced(calendarId, { offset, limit: PAGE });
    for (const { event } of page) live.set(keyOf(event.uid, event.originalTime), event);
    if (page.length < PAGE) return live;
  }
}

async function apply(repos: Repos, calendar: Calendar, source: MailboxEvent, live: Map<string, CalendarEvent>, at: number, ids: IdSource): Promise<'created' | 'updated' | undefined> {
  const key = keyOf(source.uid, source.originalTime);
  const content = contentOf(source);
  const { firstStart, lastEnd } = spanOf(content);
  const current = live.get(key) ?? (await storedRow(repos, calendar, source));
  if (current) {
    const next: CalendarEvent = { ...current, ...content, status: source.status, firstStart, lastEnd };
    if (sameContent(current, next)) return undefined;
    await write(repos, next, changeOf(next), at, 'update');
    live.set(key, next);
    return 'updated';
  }
  const seriesId = source.originalTime === 0 ? ids.eventUid() : await seriesOf(repos, calendar, source, live, ids);
  const draft: CalendarEvent = {
    ...content, eventId: eventIdOf(seriesId, source.originalTime), seriesId, uid: source.uid, originalTime: source.originalTime,
    tenantKey: calendar.tenantKey, organizerCalendarId: calendar.calendarId, organizer: calendar.owner as IdentityKey,
    status: source.status, isException: source.originalTime !== 0, createTime: Math.floor(at / 1000), version: 0, firstStart, lastEnd,
  };
  const data: EventChange = draft.isException
    ? { kind: 'event.exceptionChanged', eventId: draft.eventId, originalTime: draft.originalTime, change: draft.status === 'cancelled' ? 'cancelled' : 'updated', removedFrom: [] }
    : { kind: 'event.created', eventId: draft.eventId, timeoffEventId: null };
  await write(repos, draft, data, at, 'insert');
  live.set(key, draft);
  return 'created';
}

/** A row the calendar holds but does not show (a deleted event coming back): the UID keeps its series. */
async function storedRow(repos: Repos, calendar: Calendar, source: MailboxEvent): Promise<CalendarEvent | undefined> {
  const rows = await repos.events.findByUid(calendar.tenantKey, source.uid, calendar.calendarId);
  return rows.find((r) => r.originalTime === source.originalTime && r.organizerCalendarId === calendar.calendarId);
}

/** An occurrence joins its master's series; one whose master the source lacks gets a series of its own. */
async function seriesOf(repos: Repos, calendar: Calendar, source: MailboxEvent, live: Map<string, CalendarEvent>, ids: IdSource): Promise<string> {
  const master = live.get(keyOf(source.uid, 0)) ?? (await storedRow(repos, calendar, { ...source, originalTime: 0 }));
  return master?.seriesId ?? ids.eventUid();
}

function contentOf(source: MailboxEvent): EventContent {
  return {
    summary: source.summary, description: source.description, descriptionRich: '', start: source.start, end: source.end,
    recurrence: source.originalTime === 0 ? source.recurrence : '', visibility: 'default', attendeeAbility: 'none',
    freeBusyStatus: source.freeBusyStatus, color: -1, reminders: [], location: source.location, videoMeeting: null,
    schemas: [], attachments: [], checkIn: null, source: '',
  };
}

const COMPARED = ['summary', 'description', 'start', 'end', 'recurrence', 'status', 'freeBusyStatus', 'location'] as const;

function sameContent(a: CalendarEvent, b: CalendarEvent): boolean {
  return COMPARED.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

function changeOf(event: CalendarEvent): EventChange {
  if (!event.isException) return event.status === 'cancelled' ? { kind: 'event.deleted', eventId: event.eventId, timeoffEventId: null } : { kind: 'event.updated', eventId: event.eventId, removedFrom: [] };
  return { kind: 'event.exceptionChanged', eventId: event.eventId, originalTime: event.originalTime, change: event.status === 'cancelled' ? 'cancelled' : 'updated', removedFrom: [] };
}

function deletionOf(event: CalendarEvent): EventChange {
  return changeOf({ ...event, status: 'cancelled' });
}

/** The row, its one placement (the synced calendar) and its change, at the change's version. */
async function write(repos: Repos, event: CalendarEvent, data: EventChange, at: number, mode: 'insert' | 'update'): Promise<void> {
  const version = await repos.changes.append({ tenantKey: event.tenantKey, calendarId: event.organizerCalendarId, actor: null, affected: [], at, data });
  const row = { ...event, version };
  if (mode === 'insert') await repos.events.insert(row);
  else await repos.events.update(row);
  await repos.events.putPlacement({
    calendarId: event.organizerCalendarId, eventId: event.eventId, reason: 'organizer', removed: false, version, firstStart: event.firstStart, lastEnd: event.lastEnd,
  });
}
