/**
 * The one access check for events (events.md §1.4, §2.5): what every event
 * operation asks of the calendar in the path, of the event's state and of the
 * caller's relation to the event, and the exact refusal when it falls short.
 * Token kinds and scopes were checked at the gateway (tenancy/scopes.ts); the
 * calendar was resolved and its role weighed by calendars/access.ts.
 */
import type { Calendar, CalendarType, Role } from '../calendars/model.js';
import { roleAtLeast } from '../calendars/roles.js';
import { DomainError, type ErrorKey } from '../errors.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { abilityHeld, abilityReaches } from './attendees/rights.js';
import type { Attendee, AttendeeAbility, CalendarEvent } from './model.js';

/**
 * Operations on a calendar's events, weighed before any one event is loaded.
 * `mirror` is a client keeping a copy of a calendar in its list (CalDAV):
 * every series it may read one by one, so the types `read` takes.
 */
export type CalendarEventsOperation = 'create' | 'list' | 'search' | 'instance_view' | 'subscribe' | 'mirror';

/** Operations on one event. */
export type EventOperation =
  | 'read' // get
  | 'read_instances' // instances of a series
  | 'read_editor_fields' // what only editors see: meeting settings (get), room booking forms (attendee list)
  | 'edit_shared' // patch of any field beyond the caller's own copy
  | 'edit_personal' // patch of visibility, free_busy_status, color, reminders only
  | 'delete'
  | 'delete_exception' // delete_exception=true on an exception: its slot returns to the series
  | 'reply'
  | 'list_attendees' // the attendee list, chat members, get with need_attendee
  | 'invite'
  | 'remove_attendees'
  | 'meeting_chat'
  | 'unbind_meeting_chat'
  | 'meeting_minute';

/**
 * How the caller stands to one event; several can hold at once (an organizer
 * who is also on the list, a user attendee who is also in an attending chat).
 * A caller with none of them has only their role on the calendar in the path.
 */
export type EventRelation =
  | 'organizer' // writer or owner on the organizer calendar (events.md §2.5)
  | 'attendee' // a user attendee of the caller's tenant
  | 'external_attendee' // a user attendee of another tenant (§2.7 is_external)
  | 'chat_member'; // a member of an attending chat

/** What the decision weighs of the calendar in the path (a CalendarContext has it). */
export interface CalendarFacts {
  role: Role;
  calendar: Pick<Calendar, 'type' | 'owner'>;
}

/** What the decision weighs of a loaded event (an EventContext has it). */
export interface EventFacts {
  calendar: CalendarFacts;
  event: Pick<CalendarEvent, 'status' | 'isException' | 'attendeeAbility'>;
  /** Set when the id names a plain occurrence of a series. */
  occurrence?: number;
  /** Writer or owner on the organizer calendar. */
  isOrganizer: boolean;
  attendee: Pick<Attendee, 'isExternal'> | undefined;
  chatMemberships: readonly unknown[];
}

/** Calendar types per use (events.md §3): the only copy of these lists. */
export const CALENDAR_TYPES: Readonly<Record<'native' | 'listable' | 'readable' | 'any', readonly CalendarType[]>> = {
  /** larkcal's own calendars, no rooms, no Google or Exchange: writes (§3.1, §3.5, §3.12, §3.14), search (§3.6), instance_view (§3.9). */
  native: ['primary', 'shared'],
  /** GET /events (§3.4). */
  listable: ['primary', 'shared', 'resource'],
  /** One event and what hangs off it: types not stated, every real one recommended (§3.3, §3.8). */
  readable: ['primary', 'shared', 'resource', 'google', 'exchange'],
  /** Reply finds the event by id, whatever calendar it is asked through (§2.6). */
  any: ['unknown', 'primary', 'shared', 'resource', 'google', 'exchange'],
};

const THIRD_PARTY: readonly CalendarType[] = ['google', 'exchange'];

interface CalendarRule {
  /** The least role on the calendar in the path: less is 191002. */
  minimum: Role;
  /** Another type is 191004. */
  types: readonly CalendarType[];
  /** The caller's own primary calendar only (meeting chats and minutes, §3.16–§3.18). */
  ownPrimary?: true;
  /** Answered for any calendar that falls short, instead of 191002/191004. */
  refusal?: ErrorKey;
}

/** The event states an operation accepts; any other is 193003. */
type StateRule = 'live' | 'live_or_cancelled_exception' | 'any';

/** Anyone who reached the event, or the organizer and attendees whose attendee_ability reaches `attendees`. */
type WhoRule = 'anyone' | { organizer: boolean; attendees: AttendeeAbility | 'never'; refusal: ErrorKey };

interface EventRule {
  state: StateRule;
  who: WhoRule;
  /** Rights weighed before the state: a non-organizer deleting a deleted event learns 193002. */
  rightsFirst?: true;
}

const READ: CalendarRule = { minimum: 'reader', types: CALENDAR_TYPES.readable };
const WRITE: CalendarRule = { minimum: 'writer', types: CALENDAR_TYPES.native };
const ownPrimary = (refusal: ErrorKey): CalendarRule => ({ minimum: 'writer', types: ['primary'], ownPrimary: true, refusal });

/** What each operation asks of the calendar in the path (events.md §3, "Calendar:" of each endpoint). */
const CALENDAR_RULES: Record<CalendarEventsOperation | EventOperation, CalendarRule> = {
  create: WRITE,
  list: { minimum: 'reader', types: CALENDAR_TYPES.listable },
  search: { minimum: 'reader', types: CALENDAR_TYPES.native },
  instance_view: { minimum: 'reader', types: CALENDAR_TYPES.native },
  subscribe: READ,
  mirror: READ,
  read: READ,
  read_instances: READ,
  read_editor_fields: READ,
  edit_shared: WRITE,
  edit_personal: WRITE,
  delete: WRITE,
  delete_exception: WRITE,
  reply: { minimum: 'unknown', types: CALENDAR_TYPES.any },
  list_attendees: READ,
  invite: WRITE,
  remove_attendees: WRITE,
  meeting_chat: ownPrimary('unsupported:meeting_chat'),
  unbind_meeting_chat: ownPrimary('forbidden:meeting_chat_unbind'),
  meeting_minute: ownPrimary('unsupported:meeting_minute'),
};

const organizerOnly = (refusal: ErrorKey): WhoRule => ({ organizer: true, attendees: 'never', refusal });

/** Who may do what to an event (events.md §2.5 and its attendee_ability table). */
const EVENT_RULES: Record<EventOperation, EventRule> = {
  read: { state: 'live_or_cancelled_exception', who: 'anyone' },
  read_instances: { state: 'live', who: 'anyone' },
  read_editor_fields: { state: 'live_or_cancelled_exception', who: { organizer: true, attendees: 'can_modify_event', refusal: 'forbidden:event' } },
  edit_shared: { state: 'live', who: { organizer: true, attendees: 'can_modify_event', refusal: 'forbidden:event' } },
  edit_personal: { state: 'live', who: { organizer: true, attendees: 'none', refusal: 'forbidden:event' } },
  delete: { state: 'live', who: organizerOnly('forbidden:event'), rightsFirst: true },
  delete_exception: { state: 'any', who: organizerOnly('forbidden:event') },
  // The caller's own reply: an organizer replies only once on the list.
  reply: { state: 'live', who: { organizer: false, attendees: 'none', refusal: 'forbidden:event' } },
  list_attendees: { state: 'live_or_cancelled_exception', who: { organizer: true, attendees: 'can_see_others', refusal: 'forbidden:attendee_list' } },
  invite: { state: 'live', who: { organizer: true, attendees: 'can_invite_others', refusal: 'forbidden:attendee_create' } },
  remove_attendees: { state: 'live', who: organizerOnly('forbidden:attendee_delete') },
  // Having the event on one's own primary calendar is enough; the meeting rules weigh the rest.
  meeting_chat: { state: 'live', who: 'anyone' },
  unbind_meeting_chat: { state: 'live', who: 'anyone' },
  meeting_minute: { state: 'live', who: 'anyone' },
};

/** The organizer: writer or owner on the organizer calendar (events.md §2.5). */
export function organizes(roleOnOrganizerCalendar: Role): boolean {
  return roleAtLeast(roleOnOrganizerCalendar, 'writer');
}

/** The caller's relations to a loaded event. An app's bot is never an attendee, only ever an organizer. */
export function relationsOf(identity: Identity, ctx: Pick<EventFacts, 'isOrganizer' | 'attendee' | 'chatMemberships'>): ReadonlySet<EventRelation> {
  const relations = new Set<EventRelation>();
  if (ctx.isOrganizer) relations.add('organizer');
  if (identity.kind !== 'user') return relations;
  if (ctx.attendee) relations.add(ctx.attendee.isExternal ? 'external_attendee' : 'attendee');
  if (ctx.chatMemberships.length > 0) relations.add('chat_member');
  return relations;
}

/** What the calendar in the path answers to `op`: undefined when it may go ahead. */
export function calendarRefusal(identity: Identity, calendar: CalendarFacts, op: CalendarEventsOperation | EventOperation): ErrorKey | undefined {
  const rule = CALENDAR_RULES[op];
  // A third-party calendar is read-only for everyone (calendars.md §2.2): what an operation it
  // does not take lacks is the type, not a role (issue #11 §3), so 191004 comes first there.
  if (THIRD_PARTY.includes(calendar.calendar.type) && !rule.types.includes(calendar.calendar.type)) return rule.refusal ?? 'unsupported:calendar_type';
  const ownPrimary = !rule.ownPrimary || (calendar.calendar.type === 'primary' && calendar.calendar.owner === identityKey(identity));
  if (!ownPrimary || !roleAtLeast(calendar.role, rule.minimum)) return rule.refusal ?? 'forbidden:calendar';
  if (!rule.types.includes(calendar.calendar.type)) return rule.refusal ?? 'unsupported:calendar_type';
  return undefined;
}

/** What `op` on a loaded event answers: the calendar's refusal, then the event's state and the caller's rights. */
export function eventRefusal(identity: Identity, ctx: EventFacts, op: EventOperation): ErrorKey | undefined {
  const rule = EVENT_RULES[op];
  const state = stateRefusal(ctx, rule.state);
  const rights = rightsRefusal(relationsOf(identity, ctx), ctx.event.attendeeAbility, rule.who);
  return calendarRefusal(identity, ctx.calendar, op) ?? (rule.rightsFirst ? rights ?? state : state ?? rights);
}

/** How every use case on a calendar's events begins, once the calendar is resolved. */
export function requireCalendarAccess(identity: Identity, calendar: CalendarFacts, op: CalendarEventsOperation | EventOperation): void {
  const refusal = calendarRefusal(identity, calendar, op);
  if (refusal) throw new DomainError(refusal);
}

/** How every use case on one event goes on, once the event is loaded. */
export function requireEventAccess(identity: Identity, ctx: EventFacts, op: EventOperation): void {
  const refusal = eventRefusal(identity, ctx, op);
  if (refusal) throw new DomainError(refusal);
}

/** The same question where the answer shapes a response instead of refusing it. */
export function eventAllows(identity: Identity, ctx: EventFacts, op: EventOperation): boolean {
  return eventRefusal(identity, ctx, op) === undefined;
}

/**
 * A deleted one-off event or series is gone; a cancelled exception still
 * answers where the rule accepts it. An id naming a plain occurrence of a
 * series is live: the occurrence has no row of its own to be deleted.
 */
function stateRefusal(ctx: EventFacts, rule: StateRule): ErrorKey | undefined {
  const cancelled = ctx.event.status === 'cancelled' && ctx.occurrence === undefined;
  if (!cancelled || rule === 'any') return undefined;
  return rule === 'live_or_cancelled_exception' && ctx.event.isException ? undefined : 'gone:event';
}

function rightsRefusal(relations: ReadonlySet<EventRelation>, granted: AttendeeAbility, who: WhoRule): ErrorKey | undefined {
  if (who === 'anyone') return undefined;
  if (who.organizer && relations.has('organizer')) return undefined;
  const attends = relations.has('attendee') || relations.has('external_attendee') || relations.has('chat_member');
  const held = abilityHeld(granted, relations.has('external_attendee'));
  return attends && who.attendees !== 'never' && abilityReaches(held, who.attendees) ? undefined : who.refusal;
}
