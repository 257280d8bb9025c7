/**
 * What can go wrong in the domain: a small closed set of kinds, each naming its
 * subject. The core throws `DomainError('not_found:calendar')` and never a code
 * or a status; each adapter renders kind and subject once, at its edge, in its
 * own dialect (the Open API's Feishu codes live in adapters/open-api/error-codes.ts;
 * a DAV adapter needs only the kind: not_found → 404, forbidden → 403, …).
 */
export type ErrorKind =
  | 'invalid' // the request is malformed, incomplete or out of range
  | 'unauthenticated' // no credential, or one that is unknown, expired or of the wrong shape
  | 'unsupported' // the operation does not apply: this token kind, this calendar type, this event
  | 'forbidden' // the caller may not do this
  | 'not_found'
  | 'gone' // it existed and was deleted, or has expired
  | 'conflict' // the state is not one the operation can start from
  | 'limit' // a count, size or rate over what is allowed
  | 'internal';

/** Every kind with the subjects it is raised for. */
export const ERROR_SUBJECTS = {
  invalid: [
    'calendar_id', 'event_id', 'attendee_type', 'attachment_token', 'meeting_password',
    'time_format', 'time_range', 'time_zone', // free/busy batch (calendars.md §5.3)
    'upload', 'file_name', 'checksum', 'file_size', // Drive media uploads
    'vc_params', // vc/v1 rooms directory
    'gateway_schema', // the gateway's own schema check, on APIs without a calendar code of their own
    'exchange_binding_id',
  ],
  unauthenticated: [
    'token_missing', 'token_malformed', 'tenant_token', 'user_token', 'user_token_expired',
    'app_credentials', 'app_ticket', 'app_token',
  ],
  unsupported: ['tenant_token', 'user_token', 'calendar_type', 'meeting_chat', 'meeting_minute'],
  forbidden: [
    'scope', 'field_scope', 'user_grant', 'calendar', 'subscribe', 'unsubscribe_primary', 'non_subscriber',
    'event', 'bot_meeting_settings', 'assign_hosts', 'attachment', 'meeting_password',
    'attendee_list', 'attendee_create', 'attendee_delete', 'meeting_chat_unbind', 'timeoff', 'upload_parent',
    'super_admin', 'exchange_tenant', 'exchange_mailbox', // Exchange bindings (calendars.md §8.2)
  ],
  not_found: ['bot', 'user', 'contact_user', 'calendar', 'acl', 'event', 'attendee', 'upload_parent', 'vc_resource', 'exchange_binding', 'exchange_admin'],
  gone: ['page_token', 'calendar', 'event', 'upload_parent'],
  conflict: ['sync_token', 'unsubscribed', 'meeting_chat'],
  limit: [
    'rate', 'subscriptions', 'calendar_ids', 'user_ids', 'instance_range', 'instance_count',
    'attachment_size', 'file_size',
  ],
  internal: ['database'],
} as const satisfies Record<ErrorKind, readonly string[]>;

type Subjects = typeof ERROR_SUBJECTS;

/** `kind` alone (a field error, an internal failure) or `kind:subject`. */
export type ErrorKey = 'invalid' | 'internal' | { [K in ErrorKind]: `${K}:${Subjects[K][number]}` }[ErrorKind];

export interface FieldViolation {
  field: string;
  description: string;
  value?: string;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly subject: string | undefined;

  constructor(
    readonly key: ErrorKey,
    readonly violations: FieldViolation[] = [],
    /** Extra words for the message, e.g. the scopes an API needs. */
    readonly extra: readonly string[] = [],
  ) {
    super(key);
    this.name = 'DomainError';
    const [kind, subject] = key.split(':') as [ErrorKind, string | undefined];
    this.kind = kind;
    this.subject = subject;
  }
}

/** A malformed, missing or out-of-range field; each adapter says it in its own words and code. */
export function invalid(field: string, description: string, value?: unknown): DomainError {
  const violation: FieldViolation = { field, description };
  if (value !== undefined) violation.value = String(value);
  return new DomainError('invalid', [violation]);
}
