/**
 * What `attendee_ability` lets attendees do (events.md §2.5): the organizer
 * (writer or owner on the organizer calendar) may do everything; a user
 * attendee, directly or through a chat, as far as the event's ability reaches;
 * an external attendee never further than seeing the list.
 */
import type { EventContext } from '../access.js';
import type { AttendeeAbility } from '../model.js';

const RANK: Record<AttendeeAbility, number> = { none: 0, can_see_others: 1, can_invite_others: 2, can_modify_event: 3 };

function attends(ctx: EventContext): boolean {
  return ctx.attendee !== undefined || ctx.chatMemberships.length > 0;
}

/**
 * External attendees (another tenant) cannot edit (events.md §2.7 is_external):
 * whatever the event grants, they see the list at most, as far as it is shown.
 */
function abilityOf(ctx: EventContext): AttendeeAbility {
  const granted = ctx.event.attendeeAbility;
  return ctx.attendee?.isExternal && RANK[granted] > RANK.can_see_others ? 'can_see_others' : granted;
}

function attendeeMay(ctx: EventContext, needed: AttendeeAbility): boolean {
  return attends(ctx) && RANK[abilityOf(ctx)] >= RANK[needed];
}

/** The attendee list (194001 otherwise). */
export function maySeeAttendees(ctx: EventContext): boolean {
  return ctx.isOrganizer || attendeeMay(ctx, 'can_see_others');
}

/** Adding attendees (194002 otherwise). */
export function mayInvite(ctx: EventContext): boolean {
  return ctx.isOrganizer || attendeeMay(ctx, 'can_invite_others');
}

/** Editing the shared event, and reading room booking forms. */
export function mayEditEvent(ctx: EventContext): boolean {
  return ctx.isOrganizer || attendeeMay(ctx, 'can_modify_event');
}
