/**
 * What `attendee_ability` lets attendees do (events.md §2.5): each value
 * reaches the ones below it (none < can_see_others < can_invite_others <
 * can_modify_event). The operations that ask for each are in ../event-access.ts.
 */
import type { AttendeeAbility } from '../model.js';

const RANK: Record<AttendeeAbility, number> = { none: 0, can_see_others: 1, can_invite_others: 2, can_modify_event: 3 };

/**
 * External attendees (another tenant) cannot edit or invite (events.md §2.7
 * is_external): whatever the event grants, they see the list at most, as far
 * as it is shown.
 */
export function abilityHeld(granted: AttendeeAbility, external: boolean): AttendeeAbility {
  return external && RANK[granted] > RANK.can_see_others ? 'can_see_others' : granted;
}

export function abilityReaches(held: AttendeeAbility, needed: AttendeeAbility): boolean {
  return RANK[held] >= RANK[needed];
}
