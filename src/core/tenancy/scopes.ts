/** Scopes larkcal knows (platform.md §11); a demo app holds all of them. */
export const CALENDAR_SCOPES = [
  'calendar:calendar',
  'calendar:calendar:readonly',
  'calendar:calendar:read',
  'calendar:calendar:create',
  'calendar:calendar:update',
  'calendar:calendar:delete',
  'calendar:calendar:subscribe',
  'calendar:calendar.acl:create',
  'calendar:calendar.acl:delete',
  'calendar:calendar.acl:read',
  'calendar:calendar.event:create',
  'calendar:calendar.event:update',
  'calendar:calendar.event:delete',
  'calendar:calendar.event:read',
  'calendar:calendar.event:reply',
  'calendar:calendar.event:writeonly',
  'calendar:calendar.free_busy:read',
  'calendar:timeoff',
  'calendar:time_off:create',
  'calendar:time_off:delete',
  'calendar:settings.caldav:create',
  'calendar:exchange.bindings:create',
  'calendar:exchange.bindings:read',
  'calendar:exchange.bindings:delete',
] as const;

/** Field scope that reveals `user_id` values and allows `user_id_type=user_id`. */
export const USER_ID_FIELD_SCOPE = 'contact:user.employee_id:readonly';

export const CONTACT_SCOPES = [
  'contact:user.base:readonly',
  'contact:user.email:readonly',
  'contact:user.id:readonly',
  'contact:contact:readonly_as_app',
  USER_ID_FIELD_SCOPE,
] as const;

export const OFFLINE_ACCESS = 'offline_access';

/** The meeting-room directory (vc/v1 rooms, room_levels): read with either. */
export const VC_ROOM_SCOPES = ['vc:room', 'vc:room:readonly'] as const;

/** Uploading event attachments through Drive's media API. */
export const ATTACHMENT_UPLOAD_SCOPE = 'docs:document.media:upload';

export const ALL_DEMO_SCOPES: readonly string[] = [...CALENDAR_SCOPES, ...CONTACT_SCOPES, ...VC_ROOM_SCOPES, ATTACHMENT_UPLOAD_SCOPE, OFFLINE_ACCESS];

/**
 * What each capability asks of a token: any one of its scopes (platform.md
 * §11, each endpoint's 权限要求). The one table adapters read: the Open API
 * gateway per route, CalDAV when it checks scopes.
 */
export const SCOPES = {
  // Calendars and their ACLs (calendars.md §3 summary).
  calendarRead: ['calendar:calendar', 'calendar:calendar:read', 'calendar:calendar:readonly'],
  /** The primary-calendar lookups and batch get: calendar:calendar is not among them. */
  calendarReadPrimary: ['calendar:calendar:read', 'calendar:calendar:readonly'],
  calendarCreate: ['calendar:calendar', 'calendar:calendar:create'],
  calendarUpdate: ['calendar:calendar', 'calendar:calendar:update'],
  calendarDelete: ['calendar:calendar', 'calendar:calendar:delete'],
  calendarSubscribe: ['calendar:calendar', 'calendar:calendar:subscribe'],
  aclRead: ['calendar:calendar', 'calendar:calendar.acl:read', 'calendar:calendar:readonly'],
  aclCreate: ['calendar:calendar', 'calendar:calendar.acl:create'],
  aclDelete: ['calendar:calendar', 'calendar:calendar.acl:delete'],
  // Events, attendees, meeting chats and minutes (events.md §3).
  eventRead: ['calendar:calendar', 'calendar:calendar.event:read', 'calendar:calendar:readonly'],
  eventCreate: ['calendar:calendar', 'calendar:calendar.event:create'],
  eventUpdate: ['calendar:calendar', 'calendar:calendar.event:update'],
  eventDelete: ['calendar:calendar', 'calendar:calendar.event:delete'],
  eventReply: ['calendar:calendar', 'calendar:calendar.event:reply', 'calendar:calendar.event:writeonly'],
  /** Free/busy lists (calendars.md §5.1). */
  freeBusyRead: ['calendar:calendar', 'calendar:calendar.free_busy:read', 'calendar:calendar:readonly'],
  /** Time suggestions and room finding: the one scope the official CLI asks for (§5.1). */
  availability: ['calendar:calendar.free_busy:read'],
  /** Time off: calendar:calendar is not accepted here (calendars.md §6.2–§6.3). */
  timeoffCreate: ['calendar:time_off:create', 'calendar:timeoff'],
  timeoffDelete: ['calendar:time_off:delete', 'calendar:timeoff'],
  /** Exchange bindings, user token only (calendars.md §8.2). */
  exchangeBindingCreate: ['calendar:calendar', 'calendar:calendar:readonly', 'calendar:exchange.bindings:create'],
  exchangeBindingRead: ['calendar:calendar:readonly', 'calendar:exchange.bindings:read'],
  exchangeBindingDelete: ['calendar:calendar', 'calendar:exchange.bindings:delete'],
  /** CalDAV device credentials, user token only (calendars.md §7.1). */
  caldavCreate: ['calendar:calendar', 'calendar:settings.caldav:create'],
  /** Field scope that reveals the Exchange accounts of a binding. */
  userEmailField: ['contact:user.email:readonly'],
  /** The meeting-room directory: vc:room (update) or vc:room:readonly. */
  vcRoomRead: VC_ROOM_SCOPES,
  // Contact and Drive, as far as calendar clients call them.
  contactUserRead: ['contact:contact.base:readonly', 'contact:contact:access_as_app', 'contact:contact:readonly', 'contact:contact:readonly_as_app'],
  contactIdRead: ['contact:user.id:readonly', 'contact:contact:readonly_as_app'],
  /** upload_all of event attachments. */
  mediaUpload: ['bitable:app', 'docs:doc', 'docs:document.media:upload', 'drive:drive', 'sheets:spreadsheet'],
} as const satisfies Record<string, readonly string[]>;

/** One capability's scopes: what a route names instead of spelling a list of its own. */
export type ScopeSet = (typeof SCOPES)[keyof typeof SCOPES];

export function holdsAny(held: readonly string[], required: readonly string[]): boolean {
  return required.some((scope) => held.includes(scope));
}

/**
 * Every scope a fixture app may hold: platform.md §11's table (the legacy
 * meeting-room and email field scopes included), and the contact and Drive
 * scopes the capabilities above accept. Anything else is a typo
 * (`calendar:nope`), refused at seed time rather than silently never matching.
 */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  ...ALL_DEMO_SCOPES,
  ...Object.values(SCOPES).flat(),
  'calendar:room',
  'calendar:room:readonly',
]);
