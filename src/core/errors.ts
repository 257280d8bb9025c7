/**
 * The closed set of things that can go wrong in the domain. The core throws
 * `DomainError(reason)`; each adapter renders the reason once, at its edge
 * (the Open API's code table lives in adapters/open-api/error-codes.ts).
 */
export type ErrorReason =
  // request shape
  | 'invalid_params' // a field is malformed, missing or out of range
  | 'invalid_params_detail' // same, on endpoints whose docs name 190014
  | 'page_token_expired'
  | 'sync_token_conflict'
  | 'internal'
  | 'rate_limited'
  | 'field_validation_failed' // the gateway's own schema check, on APIs without a calendar (19…) code of their own
  // tokens and identities
  | 'token_missing'
  | 'token_malformed'
  | 'tenant_token_invalid'
  | 'user_token_invalid'
  | 'user_token_expired'
  | 'tenant_token_not_supported'
  | 'user_token_not_supported'
  | 'scope_missing'
  | 'field_scope_missing'
  | 'user_scope_missing'
  | 'bot_missing'
  | 'user_not_in_tenant'
  | 'app_credentials_invalid'
  | 'app_ticket_invalid'
  | 'app_access_token_invalid'
  // contact
  | 'contact_user_not_visible' // no such user, or not one the app may see (41050)
  // calendars
  | 'calendar_not_found'
  | 'calendar_id_invalid'
  | 'calendar_no_access'
  | 'calendar_deleted'
  | 'calendar_type_invalid'
  | 'subscribe_limit'
  | 'subscribe_not_allowed'
  | 'already_unsubscribed'
  | 'primary_unsubscribe'
  | 'non_subscriber_modify'
  | 'calendar_ids_limit'
  | 'user_ids_limit'
  // free/busy batch (calendars.md §5.3)
  | 'time_format_invalid'
  | 'time_range_invalid'
  | 'time_zone_invalid'
  // acls
  | 'acl_not_found'
  // events
  | 'event_id_invalid'
  | 'event_not_found'
  | 'event_no_permission'
  | 'event_deleted'
  | 'instance_range_exceeded'
  | 'instance_count_exceeded'
  | 'bot_organizer_meeting_settings'
  | 'assign_hosts_organizer_only'
  | 'attachment_token_invalid'
  | 'attachment_too_large'
  | 'attachment_no_permission'
  | 'meeting_password_invalid'
  | 'meeting_password_organizer_only'
  // drive media uploads (calendar attachments)
  | 'drive_params_invalid'
  | 'drive_forbidden'
  | 'drive_file_name_invalid'
  | 'drive_parent_deleted'
  | 'drive_file_too_large'
  | 'drive_parent_not_found'
  | 'drive_checksum_invalid'
  | 'drive_size_mismatch'
  // attendees
  | 'attendee_not_found'
  | 'attendee_list_forbidden'
  | 'attendee_create_forbidden'
  | 'attendee_delete_forbidden'
  | 'attendee_type_invalid'
  | 'meeting_chat_unbind_forbidden'
  | 'meeting_chat_mismatch'
  | 'meeting_chat_not_supported'
  | 'meeting_minute_not_supported'
  // time-off
  | 'timeoff_delete_forbidden'
  // vc rooms directory
  | 'vc_param_error'
  | 'vc_not_found';

export interface FieldViolation {
  field: string;
  description: string;
  value?: string;
}

export class DomainError extends Error {
  constructor(
    readonly reason: ErrorReason,
    readonly violations: FieldViolation[] = [],
    /** Extra words for the message, e.g. the scopes an API needs. */
    readonly extra: readonly string[] = [],
  ) {
    super(reason);
    this.name = 'DomainError';
  }
}

export function invalid(field: string, description: string, value?: unknown): DomainError {
  const violation: FieldViolation = { field, description };
  if (value !== undefined) violation.value = String(value);
  return new DomainError('invalid_params', [violation]);
}

export function invalidDetail(field: string, description: string, value?: unknown): DomainError {
  const violation: FieldViolation = { field, description };
  if (value !== undefined) violation.value = String(value);
  return new DomainError('invalid_params_detail', [violation]);
}
