/**
 * The typed change union: one row of the change log per calendar a write
 * touches. It carries what the four change events need later (platform.md §10):
 * `calendar.changed_v4` goes to users whose calendar list changed, the ACL
 * events name the entry and its grantee, `calendar.calendar.event.changed_v4`
 * names the calendar, the event and the RSVPs. Sync tokens only need the
 * sequence numbers.
 */
import type { CalendarType, GrantableRole } from '../calendars/model.js';
import type { RsvpStatus } from '../events/model.js';
import type { IdentityKey } from '../tenancy/model.js';

export type CalendarChange =
  /** A primary, shared or meeting-room calendar came into being; `roomId` for a room's. */
  | { kind: 'calendar.created'; calendarType: CalendarType; roomId: string | null }
  /** Its summary, description or permissions changed: everyone who sees the calendar is affected. */
  | { kind: 'calendar.updated' }
  | { kind: 'calendar.deleted' };

/** Personal to `member`: the calendar joined or left their list, or their colour or alias changed. */
export type MembershipChange =
  | { kind: 'membership.added'; member: IdentityKey }
  | { kind: 'membership.removed'; member: IdentityKey }
  | { kind: 'membership.updated'; member: IdentityKey };

/** An ACL entry; creating one again for the same grantee replaces its role and keeps its id (calendars.md §4.1). */
export type AclChange =
  | { kind: 'acl.created'; aclId: string; grantee: IdentityKey; role: GrantableRole }
  | { kind: 'acl.roleChanged'; aclId: string; grantee: IdentityKey; role: GrantableRole; previousRole: GrantableRole }
  | { kind: 'acl.deleted'; aclId: string; grantee: IdentityKey; role: GrantableRole };

export type EventChange =
  /** `timeoffEventId` when the event is a user's time off (calendars.md §6). */
  | { kind: 'event.created'; eventId: string; timeoffEventId: string | null }
  /** Shared content changed; `removedFrom`: calendars that lost it by the change (a room released by a move). */
  | { kind: 'event.updated'; eventId: string; removedFrom: readonly string[] }
  | { kind: 'event.deleted'; eventId: string; timeoffEventId: string | null }
  /** A user attendee (or chat member) replied. */
  | { kind: 'event.rsvp'; eventId: string; user: IdentityKey; rsvpStatus: Exclude<RsvpStatus, 'needs_action' | 'removed'> }
  /** `addedTo`: calendars the event appeared on (push `create`, "invited"). */
  | { kind: 'event.attendeesAdded'; eventId: string; attendeeIds: readonly string[]; addedTo: readonly string[] }
  /** `removedFrom`: calendars the event left (push `delete`, "removed as a participant"). */
  | { kind: 'event.attendeesRemoved'; eventId: string; attendeeIds: readonly string[]; removedFrom: readonly string[] }
  /**
   * One occurrence of a series, stored as its own row (events.md §2.2), was edited,
   * cancelled, or destroyed (delete_exception=true: its slot returns to the series).
   */
  | { kind: 'event.exceptionChanged'; eventId: string; originalTime: number; change: 'updated' | 'cancelled' | 'destroyed'; removedFrom: readonly string[] }
  /** An attendee changed their own copy (colour, reminders, visibility, free/busy; events.md §2.5). */
  | { kind: 'event.personalUpdated'; eventId: string; attendee: IdentityKey };

export type ChangeData = CalendarChange | MembershipChange | AclChange | EventChange;
export type ChangeKind = ChangeData['kind'];

export interface Change {
  tenantKey: string;
  /** The calendar this row is about. A change to an event shown on several calendars is one row per calendar. */
  calendarId: string;
  /** Who made the change; null for the system (provisioning primary and room calendars). */
  actor: IdentityKey | null;
  /**
   * Identities whose own view the change touches beyond the calendar's audience:
   * the member, the grantee, the replier, the attendee with personal settings, the
   * owner of a new calendar. Empty for a change everyone who sees the calendar shares.
   */
  affected: readonly IdentityKey[];
  at: number;
  data: ChangeData;
}

/** A change as the log holds it: numbered in commit order. */
export interface LoggedChange extends Change {
  seq: number;
}
