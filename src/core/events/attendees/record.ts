/**
 * One attendee change, one set of change-log rows (events.md §2.10, §4): a row
 * on every calendar the event shows on, plus the calendars it just left. The
 * change says which calendars gained the event (push `create`: "invited") and
 * which lost it (push `delete`: "removed as a participant"). A room's late
 * decision is logged as a content change when declined (rooms/settlement.ts).
 */
import type { Needs } from '../../ports.js';
import type { IdentityKey } from '../../tenancy/model.js';
import { recordEventChange, type EventChangeRecord } from '../changes.js';
import type { CalendarEvent } from '../model.js';

export async function recordAttendeeChange(repos: Needs<'events' | 'changes'>, event: CalendarEvent, actor: IdentityKey, at: number, change: EventChangeRecord['data']): Promise<CalendarEvent> {
  const version = await recordEventChange(repos, { event, data: change, actor, at });
  // As event-service does: the row and every placement (removed ones too, so sync sees them go) carry the new version.
  const updated = { ...event, version };
  await repos.events.update(updated);
  for (const placement of await repos.events.placementsOf(event.eventId)) await repos.events.putPlacement({ ...placement, version });
  return updated;
}
