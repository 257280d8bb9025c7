/**
 * Scoped changes to a recurring event, each mapped onto the API (issue #13 §2):
 * this event → the occurrence's own id (an exception); all events → the
 * series; this and following → the series ends with UNTIL before the
 * occurrence and a new series starts at it. Deletes reach the series'
 * exceptions too, which Feishu leaves behind when a master goes.
 */
import { createEvent, deleteEvent, getEvent, listAttendees, listEventsFrom, listInstances, addAttendees, patchEvent, type CalEvent } from './feishu.js';
import { endedBefore, parseRule } from './recurrence.js';
import type { Scope } from './scope.js';

export const isRecurring = (event: CalEvent): boolean => Boolean(event.recurring_event_id) || Boolean(event.recurrence);
export const masterIdOf = (event: CalEvent): string => event.recurring_event_id || event.event_id.replace(/_\d+$/, '_0');
/** The occurrence's start in the series before any edit: its id's suffix (events.md §2.2). */
export const originalStartOf = (event: CalEvent): number => Number(/_(\d+)$/.exec(event.event_id)?.[1] ?? 0) * 1000;
export const startOf = (time: { timestamp?: string; date?: string }): number => (time.timestamp ? Number(time.timestamp) * 1000 : Date.parse(`${time.date}T00:00:00Z`));

/** `change(base)` gives the patch for one stored event (the occurrence, or the series' master). */
export async function applyChange(calendarId: string, occurrence: CalEvent, scope: Scope, change: (base: CalEvent) => Partial<CalEvent>): Promise<void> {
  if (scope === 'this' || !isRecurring(occurrence)) {
    await patchEvent(calendarId, occurrence.event_id, change(occurrence));
    return;
  }
  const master = await getEvent(calendarId, masterIdOf(occurrence));
  if (scope === 'all') {
    await patchEvent(calendarId, master.event_id, change(master));
    return;
  }
  const pivot = originalStartOf(occurrence) || startOf(occurrence.start_time);
  // The old series' exceptions from the split on would outlive its end (events.md §2.2, as the official CLI does).
  for (const exception of await exceptionsOf(calendarId, master, pivot)) await deleteEvent(calendarId, exception.event_id, true);
  await patchEvent(calendarId, master.event_id, { recurrence: endedBefore(master.recurrence ?? '', pivot) });
  const fields = { ...copyable(master), recurrence: await continuedRule(calendarId, master, pivot), start_time: occurrence.start_time, end_time: occurrence.end_time };
  const created = await createEvent(calendarId, { ...fields, ...change({ ...master, ...fields }) });
  const attendees = (await listAttendees(calendarId, master.event_id)).filter((a) => !a.is_organizer);
  if (attendees.length > 0) await addAttendees(calendarId, created.event_id, attendees.map(attendeeInput));
}

export async function deleteScoped(calendarId: string, occurrence: CalEvent, scope: Scope): Promise<void> {
  if (scope === 'this' || !isRecurring(occurrence)) {
    await deleteEvent(calendarId, occurrence.event_id);
    return;
  }
  const master = await getEvent(calendarId, masterIdOf(occurrence));
  const pivot = originalStartOf(occurrence) || startOf(occurrence.start_time);
  // From the first occurrence on, "this and following" is the whole series.
  const whole = scope === 'all' || pivot <= startOf(master.start_time);
  // Deleting or cutting a master does not reach its exceptions (events.md §2.2): each goes first, then the master.
  for (const exception of await exceptionsOf(calendarId, master, whole ? 0 : pivot)) await deleteEvent(calendarId, exception.event_id, true);
  if (whole) await deleteEvent(calendarId, master.event_id);
  else await patchEvent(calendarId, master.event_id, { recurrence: endedBefore(master.recurrence ?? '', pivot) });
}

/** The rule of the series that goes on from `pivot`: a COUNT is what the old series had left, not a fresh start. */
async function continuedRule(calendarId: string, master: CalEvent, pivot: number): Promise<string | undefined> {
  const rule = master.recurrence ?? '';
  const count = Number(parseRule(rule).get('COUNT') ?? 0);
  if (!count) return master.recurrence;
  const parts = parseRule(rule);
  parts.set('COUNT', String(Math.max(1, count - (await occurrencesBefore(calendarId, master, pivot)))));
  return [...parts].map(([key, value]) => `${key}=${value}`).join(';');
}

/** How many of the series' slots (cancelled and moved ones count in COUNT) start before `pivot`, in windows of a year (instances takes 2 at most). */
async function occurrencesBefore(calendarId: string, master: CalEvent, pivot: number): Promise<number> {
  const YEAR_S = 365 * 86_400;
  const end = Math.ceil(pivot / 1000);
  let count = 0;
  for (let from = Math.floor(startOf(master.start_time) / 1000) - 1; from < end; from += YEAR_S) {
    const to = Math.min(end, from + YEAR_S);
    // An occurrence across a window's edge comes in both: each counts in the window its slot starts in.
    count += (await listInstances(calendarId, master.event_id, from, to)).filter((e) => originalStartOf(e) >= from * 1000 && originalStartOf(e) < Math.min(pivot, to * 1000)).length;
  }
  return count;
}

/**
 * The series' exceptions, cancelled ones too, whose original slot is at or after `from` (ms).
 * No call lists a series' exceptions, and instances needs a bounded window an endless series has not,
 * so the anchored list from the series' start finds them: it returns every exception whose original time is
 * at or after the anchor (events.md §3.4). One moved to end before the series' start would be missed.
 */
async function exceptionsOf(calendarId: string, master: CalEvent, from: number): Promise<CalEvent[]> {
  const uid = master.event_id.replace(/_0$/, '');
  const items = await listEventsFrom(calendarId, Math.floor(startOf(master.start_time) / 1000));
  return items.filter((e) => e.is_exception && (e.recurring_event_id === master.event_id || e.event_id.startsWith(`${uid}_`)) && e.event_id !== master.event_id
    && originalStartOf(e) >= from);
}

function copyable(event: CalEvent): Partial<CalEvent> {
  const { summary, description, location, recurrence, visibility, free_busy_status, reminders, vchat } = event;
  return { summary, description, location, recurrence, visibility, free_busy_status, reminders, vchat };
}

function attendeeInput(a: { type: string; user_id?: string; chat_id?: string; room_id?: string; third_party_email?: string }) {
  if (a.type === 'resource') return { type: 'resource' as const, room_id: a.room_id };
  if (a.type === 'chat') return { type: 'chat' as const, chat_id: a.chat_id };
  if (a.type === 'third_party') return { type: 'third_party' as const, third_party_email: a.third_party_email };
  return { type: 'user' as const, user_id: a.user_id };
}
