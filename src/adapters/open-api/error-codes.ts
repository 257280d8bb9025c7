/**
 * The one registry of Feishu error codes: code, HTTP status and message for
 * every reason the core can give (platform.md §4, calendars.md §1.4–§1.5).
 * The README's error table is checked against this file by a test.
 */
import type { ErrorReason } from '../../core/errors.js';

export interface FeishuError {
  code: number;
  status: number;
  msg: string;
}

export const ERROR_CODES: Record<ErrorReason, FeishuError> = {
  invalid_params: { code: 190002, status: 400, msg: 'invalid parameters in request' },
  invalid_params_detail: { code: 190014, status: 400, msg: 'invalid request parameters. check details for more info.' },
  page_token_expired: { code: 190008, status: 400, msg: 'page_token or sync_token expired' },
  sync_token_conflict: { code: 190009, status: 400, msg: 'sync token cannot be used with other request restrictions' },
  internal: { code: 190003, status: 500, msg: 'internal service error' },
  rate_limited: { code: 99991400, status: 429, msg: 'request trigger frequency limit' },
  field_validation_failed: { code: 99992402, status: 400, msg: 'field validation failed' },

  token_missing: { code: 99991661, status: 400, msg: 'Missing access token for authorization. Please make a request with token attached.' },
  token_malformed: { code: 99991671, status: 400, msg: 'Invalid token: must start with t-/u-' },
  tenant_token_invalid: { code: 99991663, status: 400, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  user_token_invalid: { code: 99991668, status: 400, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  user_token_expired: { code: 99991677, status: 400, msg: 'token expire' },
  tenant_token_not_supported: { code: 99991663, status: 400, msg: 'tenant access token not support' },
  user_token_not_supported: { code: 99991668, status: 400, msg: 'user access token not support' },
  scope_missing: { code: 99991672, status: 400, msg: 'Access denied. One of the following scopes is required: ' },
  field_scope_missing: { code: 99991672, status: 400, msg: 'Access denied. One of the following scopes is required: ' },
  user_scope_missing: {
    code: 99991679, status: 400,
    msg: 'Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again. required one of these privileges: ',
  },
  bot_missing: { code: 190007, status: 404, msg: 'app bot_id not found' },
  user_not_in_tenant: { code: 195100, status: 404, msg: 'user is dismiss or not exist in the tenant' },
  // The v3 token endpoints answer failures with HTTP 200 (platform.md §3.3).
  app_credentials_invalid: { code: 10003, status: 200, msg: 'invalid param' },
  app_ticket_invalid: { code: 10012, status: 200, msg: 'app_ticket is invalid' },
  app_access_token_invalid: { code: 99991664, status: 200, msg: 'invalid app token' },

  // contact v3 users.get lists 41050 as HTTP 400 (the user-group pages say 403).
  contact_user_not_visible: { code: 41050, status: 400, msg: 'no user authority error' },

  calendar_not_found: { code: 191000, status: 404, msg: 'calendar not found' },
  calendar_id_invalid: { code: 191001, status: 400, msg: 'invalid calendar_id' },
  calendar_no_access: { code: 191002, status: 403, msg: 'no calendar access_role' },
  calendar_deleted: { code: 191003, status: 403, msg: 'calendar is deleted' },
  calendar_type_invalid: { code: 191004, status: 403, msg: 'invalid calendar type' },
  subscribe_limit: { code: 191005, status: 400, msg: 'subscribe calendars count rich limit' },
  subscribe_not_allowed: { code: 191006, status: 400, msg: 'subscribe target calendar is not allowed' },
  already_unsubscribed: { code: 191007, status: 400, msg: 'target calendar is already unsubscribed' },
  primary_unsubscribe: { code: 191008, status: 400, msg: 'primary calendar can not be unsubscribed' },
  non_subscriber_modify: { code: 191009, status: 400, msg: 'non-subscriber cannot modify the calendar' },
  calendar_ids_limit: { code: 198007, status: 400, msg: 'the number of calendar IDs exceeds the limit' },
  user_ids_limit: { code: 198001, status: 400, msg: 'the number of user IDs exceeds the limit' },
  time_format_invalid: { code: 198002, status: 400, msg: 'the time format is illegal' },
  time_range_invalid: { code: 198003, status: 400, msg: 'the time range is illegal' },
  time_zone_invalid: { code: 198004, status: 400, msg: 'the time zone format is illegal' },

  acl_not_found: { code: 192000, status: 404, msg: 'acl not found' },

  event_id_invalid: { code: 193000, status: 400, msg: 'invalid event_id' },
  event_not_found: { code: 193001, status: 404, msg: 'event not found' },
  event_no_permission: { code: 193002, status: 403, msg: 'no permission to operate event' },
  event_deleted: { code: 193003, status: 403, msg: 'event is deleted' },
  bot_organizer_meeting_settings: { code: 193101, status: 400, msg: 'organizer is bot, can not set assign_hosts, and allow_attendees_start must be true' },
  assign_hosts_organizer_only: { code: 193102, status: 400, msg: 'only organizer(not bot) can set assign_hosts' },
  instance_range_exceeded: { code: 193103, status: 400, msg: 'requested time exceeds the allowed range' },
  instance_count_exceeded: { code: 193104, status: 400, msg: 'exceeded the maximum instance number' },
  attachment_token_invalid: { code: 193105, status: 400, msg: 'invalid attachment file token' },
  attachment_too_large: { code: 193106, status: 400, msg: 'the total size of attachment exceed limit' },
  attachment_no_permission: { code: 193107, status: 400, msg: 'no permission to access attachment file token' },
  meeting_password_invalid: { code: 195112, status: 400, msg: 'invalid password' },
  meeting_password_organizer_only: { code: 195113, status: 400, msg: 'only organizer can set password' },

  // Drive's upload_all table (错误码), messages with their trailing dot.
  drive_params_invalid: { code: 1061002, status: 400, msg: 'params error.' },
  drive_forbidden: { code: 1061004, status: 403, msg: 'forbidden.' },
  drive_file_name_invalid: { code: 1061008, status: 400, msg: 'invalid file name.' },
  drive_parent_deleted: { code: 1061041, status: 400, msg: 'parent node has been deleted.' },
  drive_file_too_large: { code: 1061043, status: 400, msg: 'file size beyond limit.' },
  drive_parent_not_found: { code: 1061044, status: 400, msg: 'parent node not exist.' },
  drive_checksum_invalid: { code: 1062008, status: 400, msg: 'checksum param Invalid.' },
  drive_size_mismatch: { code: 1062009, status: 400, msg: 'the actual size is inconsistent with the parameter declaration size.' },

  attendee_not_found: { code: 194000, status: 404, msg: 'attendee not found' },
  attendee_list_forbidden: { code: 194001, status: 403, msg: 'no permission to list event attendees' },
  attendee_create_forbidden: { code: 194002, status: 403, msg: 'no permission to create event attendees' },
  attendee_delete_forbidden: { code: 194003, status: 403, msg: 'no permission to delete event attendees' },
  attendee_type_invalid: { code: 194004, status: 400, msg: 'invalid attendee type' },
  meeting_chat_unbind_forbidden: { code: 195107, status: 403, msg: 'no permission unbind meeting chat' },
  meeting_chat_mismatch: { code: 195108, status: 400, msg: 'chat not match with event' },
  meeting_chat_not_supported: { code: 195109, status: 400, msg: 'event not support chat creation' },
  meeting_minute_not_supported: { code: 195110, status: 400, msg: 'event not support minute creation' },

  timeoff_delete_forbidden: { code: 195000, status: 403, msg: 'no permission to delete timeoff event' },
  // vc/v1 rooms and room levels: the error table of each page (room_level/search etc.).
  vc_param_error: { code: 121003, status: 400, msg: 'param error' },
  vc_not_found: { code: 121004, status: 404, msg: 'data not exist' },
};
