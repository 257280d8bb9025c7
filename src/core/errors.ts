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
  // acls
  | 'acl_not_found';

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
