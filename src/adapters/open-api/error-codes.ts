/**
 * The one registry of Feishu error codes: code, HTTP status and message for
 * every kind and subject the core can raise (platform.md §4, calendars.md
 * §1.4–§1.5). test/api/error-registry.test.ts checks it against ../shared/spec
 * and the README.
 */
import type { ErrorKey } from '../../core/errors.js';

export interface FeishuError {
  code: number;
  status: number;
  msg: string;
}

/** A field error on the endpoints whose docs name 190014 instead (route `config.detailedErrors`). */
export const DETAILED_INVALID: FeishuError = { code: 190014, status: 400, msg: 'invalid request parameters. check details for more info.' };

export const ERROR_CODES: Record<ErrorKey, FeishuError> = {
  'invalid': { code: 190002, status: 400, msg: 'invalid parameters in request' },
  'gone:page_token': { code: 190008, status: 400, msg: 'page_token or sync_token expired' },
  'conflict:sync_token': { code: 190009, status: 400, msg: 'sync token cannot be used with other request restrictions' },
  'internal': { code: 190003, status: 500, msg: 'internal service error' },
  // The database is away (restart, failover): retry later (README, Platform).
  'internal:database': { code: 190003, status: 503, msg: 'internal service error' },
  'limit:rate': { code: 99991400, status: 429, msg: 'request trigger frequency limit' },
  'invalid:gateway_schema': { code: 99992402, status: 400, msg: 'field validation failed' },

  'unauthenticated:token_missing': { code: 99991661, status: 400, msg: 'Missing access token for authorization. Please make a request with token attached.' },
  'unauthenticated:token_malformed': { code: 99991671, status: 400, msg: 'Invalid token: must start with t-/u-' },
  'unauthenticated:tenant_token': { code: 99991663, status: 400, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  'unauthenticated:user_token': { code: 99991668, status: 400, msg: 'Invalid access token for authorization. Please make a request with token attached.' },
  'unauthenticated:user_token_expired': { code: 99991677, status: 400, msg: 'token expire' },
  'unsupported:tenant_token': { code: 99991663, status: 400, msg: 'tenant access token not support' },
  'unsupported:user_token': { code: 99991668, status: 400, msg: 'user access token not support' },
  'forbidden:scope': { code: 99991672, status: 400, msg: 'Access denied. One of the following scopes is required: ' },
  'forbidden:field_scope': { code: 99991672, status: 400, msg: 'Access denied. One of the following scopes is required: ' },
  'forbidden:user_grant': {
    code: 99991679, status: 400,
    msg: 'Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again. required one of these privileges: ',
  },
  'not_found:bot': { code: 190007, status: 404, msg: 'app bot_id not found' },
  'not_found:user': { code: 195100, status: 404, msg: 'user is dismiss or not exist in the tenant' },
  // The v3 token endpoints answer failures with HTTP 200 (platform.md §3.3).
  'unauthenticated:app_credentials': { code: 10003, status: 200, msg: 'invalid param' },
  'unauthenticated:app_ticket': { code: 10012, status: 200, msg: 'app_ticket is invalid' },
  'unauthenticated:app_token': { code: 99991664, status: 200, msg: 'invalid app token' },

  // contact v3 users.get lists 41050 as HTTP 400 (the user-group pages say 403).
  'not_found:contact_user': { code: 41050, status: 400, msg: 'no user authority error' },

  'not_found:calendar': { code: 191000, status: 404, msg: 'calendar not found' },
  'invalid:calendar_id': { code: 191001, status: 400, msg: 'invalid calendar_id' },
  'forbidden:calendar': { code: 191002, status: 403, msg: 'no calendar access_role' },
  'gone:calendar': { code: 191003, status: 403, msg: 'calendar is deleted' },
  'unsupported:calendar_type': { code: 191004, status: 403, msg: 'invalid calendar type' },
  'limit:subscriptions': { code: 191005, status: 400, msg: 'subscribe calendars count rich limit' },
  'forbidden:subscribe': { code: 191006, status: 400, msg: 'subscribe target calendar is not allowed' },
  'conflict:unsubscribed': { code: 191007, status: 400, msg: 'target calendar is already unsubscribed' },
  'forbidden:unsubscribe_primary': { code: 191008, status: 400, msg: 'primary calendar can not be unsubscribed' },
  'forbidden:non_subscriber': { code: 191009, status: 400, msg: 'non-subscriber cannot modify the calendar' },
  'limit:calendar_ids': { code: 198007, status: 400, msg: 'the number of calendar IDs exceeds the limit' },
  'limit:user_ids': { code: 198001, status: 400, msg: 'the number of user IDs exceeds the limit' },
  'invalid:time_format': { code: 198002, status: 400, msg: 'the time format is illegal' },
  'invalid:time_range': { code: 198003, status: 400, msg: 'the time range is illegal' },
  'invalid:time_zone': { code: 198004, status: 400, msg: 'the time zone format is illegal' },

  'not_found:acl': { code: 192000, status: 404, msg: 'acl not found' },

  'invalid:event_id': { code: 193000, status: 400, msg: 'invalid event_id' },
  'not_found:event': { code: 193001, status: 404, msg: 'event not found' },
  'forbidden:event': { code: 193002, status: 403, msg: 'no permission to operate event' },
  'gone:event': { code: 193003, status: 403, msg: 'event is deleted' },
  'forbidden:bot_meeting_settings': { code: 193101, status: 400, msg: 'organizer is bot, can not set assign_hosts, and allow_attendees_start must be true' },
  'forbidden:assign_hosts': { code: 193102, status: 400, msg: 'only organizer(not bot) can set assign_hosts' },
  'limit:instance_range': { code: 193103, status: 400, msg: 'requested time exceeds the allowed range' },
  'limit:instance_count': { code: 193104, status: 400, msg: 'exceeded the maximum instance number' },
  'invalid:attachment_token': { code: 193105, status: 400, msg: 'invalid attachment file token' },
  'limit:attachment_size': { code: 193106, status: 400, msg: 'the total size of attachment exceed limit' },
  'forbidden:attachment': { code: 193107, status: 400, msg: 'no permission to access attachment file token' },
  'invalid:meeting_password': { code: 195112, status: 400, msg: 'invalid password' },
  'forbidden:meeting_password': { code: 195113, status: 400, msg: 'only organizer can set password' },

  // Drive's upload_all table (错误码), messages with their trailing dot.
  'invalid:upload': { code: 1061002, status: 400, msg: 'params error.' },
  'forbidden:upload_parent': { code: 1061004, status: 403, msg: 'forbidden.' },
  'invalid:file_name': { code: 1061008, status: 400, msg: 'invalid file name.' },
  'gone:upload_parent': { code: 1061041, status: 400, msg: 'parent node has been deleted.' },
  'limit:file_size': { code: 1061043, status: 400, msg: 'file size beyond limit.' },
  'not_found:upload_parent': { code: 1061044, status: 400, msg: 'parent node not exist.' },
  'invalid:checksum': { code: 1062008, status: 400, msg: 'checksum param Invalid.' },
  'invalid:file_size': { code: 1062009, status: 400, msg: 'the actual size is inconsistent with the parameter declaration size.' },

  'not_found:attendee': { code: 194000, status: 404, msg: 'attendee not found' },
  'forbidden:attendee_list': { code: 194001, status: 403, msg: 'no permission to list event attendees' },
  'forbidden:attendee_create': { code: 194002, status: 403, msg: 'no permission to create event attendees' },
  'forbidden:attendee_delete': { code: 194003, status: 403, msg: 'no permission to delete event attendees' },
  'invalid:attendee_type': { code: 194004, status: 400, msg: 'invalid attendee type' },
  'forbidden:meeting_chat_unbind': { code: 195107, status: 403, msg: 'no permission unbind meeting chat' },
  'conflict:meeting_chat': { code: 195108, status: 400, msg: 'chat not match with event' },
  'unsupported:meeting_chat': { code: 195109, status: 400, msg: 'event not support chat creation' },
  'unsupported:meeting_minute': { code: 195110, status: 400, msg: 'event not support minute creation' },

  // Exchange bindings (calendars.md §1.5, §8.2); 195101's spelling is Feishu's.
  'forbidden:super_admin': { code: 195101, status: 403, msg: 'user is not supper administrator' },
  'invalid:exchange_binding_id': { code: 195102, status: 400, msg: 'exchange_binding_id invalid' },
  'not_found:exchange_binding': { code: 195103, status: 404, msg: 'exchange account binding is not found' },
  'forbidden:exchange_tenant': { code: 195104, status: 403, msg: 'current tenant not match' },
  'forbidden:exchange_mailbox': { code: 195105, status: 403, msg: 'admin account binding failed' },
  'not_found:exchange_admin': { code: 195106, status: 404, msg: 'admin account is not found' },

  'forbidden:timeoff': { code: 195000, status: 403, msg: 'no permission to delete timeoff event' },
  // vc/v1 rooms and room levels: the error table of each page (room_level/search etc.).
  'invalid:vc_params': { code: 121003, status: 400, msg: 'param error' },
  'not_found:vc_resource': { code: 121004, status: 404, msg: 'data not exist' },
};
