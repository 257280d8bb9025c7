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

export function holdsAny(held: readonly string[], required: readonly string[]): boolean {
  return required.some((scope) => held.includes(scope));
}
