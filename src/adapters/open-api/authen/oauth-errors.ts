/**
 * The sign-in endpoints' own error registry (platform.md §3.5–§3.7). One core
 * reason has a code in each dialect: OAuth v2 answers `{code, error,
 * error_description}` with the HTTP status of the docs' table; authen v1
 * answers the `{code, msg, data}` envelope with HTTP 200 (500 for 20050).
 */
import type { OAuthFailure } from '../../../core/tenancy/oauth.js';

export interface V2Error {
  status: number;
  code: number;
  /** RFC 6749 §5.2 names. Feishu confirms 20002/20003/20050 only; the rest follow the RFC (unconfirmed). */
  error: string;
  description: string;
}

export interface V1Error {
  code: number;
  msg: string;
}

const v2 = (status: number, code: number, error: string, description: string): V2Error => ({ status, code, error, description });

export const V2_ERRORS: Record<OAuthFailure, V2Error> = {
  missing_parameter: v2(400, 20001, 'invalid_request', 'The request is missing a required parameter.'),
  malformed_request: v2(400, 20063, 'invalid_request', 'The request is malformed. Please check your request.'),
  unsupported_grant_type: v2(400, 20036, 'unsupported_grant_type', 'The specified grant_type is not supported.'),
  app_not_found: v2(400, 20048, 'invalid_client', 'The specified app does not exist.'),
  client_secret_invalid: v2(400, 20002, 'invalid_client', 'The client secret is invalid.'),
  // v2 takes no app token; a v1-only reason, kept total so the table stays exhaustive.
  app_token_invalid: v2(400, 20002, 'invalid_client', 'The client secret is invalid.'),
  code_not_found: v2(400, 20003, 'invalid_grant', 'The authorization code is not found. Please note that an authorization code can only be used once.'),
  code_expired: v2(400, 20004, 'invalid_grant', 'The authorization code has expired.'),
  code_used: v2(400, 20065, 'invalid_grant', 'The authorization code has been used. Please note that an authorization code can only be used once.'),
  client_mismatch: v2(400, 20024, 'invalid_grant', 'The provided authorization code or refresh token does not match the provided client ID.'),
  redirect_uri_mismatch: v2(400, 20071, 'invalid_grant', 'The provided redirect URI does not match the one used during authorization.'),
  pkce_failed: v2(400, 20049, 'invalid_grant', 'PKCE code challenge failed.'),
  refresh_token_invalid: v2(400, 20026, 'invalid_grant', 'The refresh token passed is invalid. Please check the value.'),
  refresh_token_expired: v2(400, 20037, 'invalid_grant', 'The refresh token passed has expired. Please generate a new one.'),
  refresh_token_used: v2(400, 20073, 'invalid_grant', 'The refresh token has been used. Please note that a refresh token can only be used once.'),
  scope_duplicate: v2(400, 20067, 'invalid_scope', 'The provided scope list contains duplicate scopes. Please ensure all scopes are unique.'),
  scope_not_permitted: v2(400, 20068, 'invalid_scope', 'The provided scope list contains scopes that are not permitted. Please ensure all scopes are allowed.'),
  user_not_found: v2(400, 20008, 'invalid_grant', 'The user does not exist.'),
  redirect_uri_invalid: v2(400, 20029, 'invalid_request', 'The redirect URI is invalid.'),
  scope_not_enabled: v2(400, 20027, 'invalid_scope', 'The app has not enabled the requested scope.'),
  login_failed: v2(400, 20001, 'invalid_request', 'The request is missing a required parameter.'),
};

export const V2_SERVER_ERROR = v2(500, 20050, 'server_error', 'An unexpected server error occurred. Please retry your request.');

export const V1_ERRORS: Record<OAuthFailure, V1Error> = {
  missing_parameter: { code: 20001, msg: 'Invalid request' },
  malformed_request: { code: 20001, msg: 'Invalid request' },
  unsupported_grant_type: { code: 20036, msg: 'grant_type not supported' },
  app_not_found: { code: 20028, msg: 'invalid app id' },
  client_secret_invalid: { code: 20002, msg: 'app_id or app_secret is incorrect' },
  app_token_invalid: { code: 20014, msg: 'app access token invalid' },
  // v1 has one code for unknown and used-up codes: they are single use.
  code_not_found: { code: 20003, msg: 'code is invalid' },
  code_used: { code: 20003, msg: 'code is invalid' },
  code_expired: { code: 20004, msg: 'code is expired' },
  client_mismatch: { code: 20024, msg: 'app id mismatch' },
  redirect_uri_mismatch: { code: 20029, msg: 'invalid redirect uri' },
  // v1 cannot send a code_verifier, so a PKCE-bound code is not for it.
  pkce_failed: { code: 20001, msg: 'Invalid request' },
  refresh_token_invalid: { code: 20026, msg: 'refresh token is invalid' },
  refresh_token_expired: { code: 20037, msg: 'refresh token is expired' },
  refresh_token_used: { code: 20038, msg: 'refresh token not found' },
  scope_duplicate: { code: 20001, msg: 'Invalid request' },
  scope_not_permitted: { code: 20001, msg: 'Invalid request' },
  user_not_found: { code: 20008, msg: 'user not exist' },
  redirect_uri_invalid: { code: 20029, msg: 'invalid redirect uri' },
  scope_not_enabled: { code: 20027, msg: 'the app has not enabled the requested scope' },
  login_failed: { code: 20001, msg: 'Invalid request' },
};

export const V1_SERVER_ERROR: V1Error = { code: 20050, msg: 'System error' };
