/**
 * The answers a fault gives an Open API call: a named preset or a given
 * response, always in Feishu's envelope with the call's log id.
 */
import type { TokenKindSeen } from '../../core/tenancy/tokens.js';
import { ERROR_CODES, type FeishuError } from '../open-api/error-codes.js';
import type { Fault } from './fault-book.js';

export const PRESETS = ['rate_limited', 'method_rate_limited', 'app_rate_limited', 'contention', 'internal_error', 'token_invalid'] as const;
export type PresetName = (typeof PRESETS)[number];

interface PresetAnswer extends FeishuError {
  headers?: Record<string, string>;
}

/**
 * The codes the registry has come from it; 190004, 190005 and 190010 are in
 * the calendar APIs' common error table only (platform.md §4.2), all HTTP 429.
 */
const PRESET_ANSWERS: Record<Exclude<PresetName, 'token_invalid'>, PresetAnswer> = {
  // The gateway's tier-4 answer with its headers (platform.md §5): the per-second window's cap, reset in a second.
  rate_limited: { ...ERROR_CODES['limit:rate'], headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' } },
  method_rate_limited: { code: 190004, status: 429, msg: 'method rate limited' },
  app_rate_limited: { code: 190005, status: 429, msg: 'app rate limited' },
  contention: { code: 190010, status: 429, msg: 'current operation rate limited' },
  internal_error: ERROR_CODES.internal,
};

/** 99991663 for a tenant (or no) token, 99991668 for a user token (platform.md §4.1), by the token the call carried. */
function tokenInvalid(tokenKind: TokenKindSeen | undefined): PresetAnswer {
  return tokenKind === 'user' ? ERROR_CODES['unauthenticated:user_token'] : ERROR_CODES['unauthenticated:tenant_token'];
}

export interface FaultAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** The answer of a fault that replaces one (it has a preset or a response), for a call of `tokenKind`. */
export function faultAnswer(fault: Fault, logId: string, tokenKind: TokenKindSeen | undefined): FaultAnswer {
  const preset = fault.preset === undefined || fault.preset === 'drop' ? undefined
    : fault.preset === 'token_invalid' ? tokenInvalid(tokenKind) : PRESET_ANSWERS[fault.preset];
  const given = fault.response ?? {};
  // A response without a preset is validated to carry http_status and code.
  const status = given.http_status ?? preset?.status ?? 500;
  const code = given.code ?? preset?.code ?? 0;
  const msg = given.msg ?? preset?.msg ?? (code === 0 ? 'success' : registryMessage(code));
  const body = code === 0 ? { code, msg, data: {} } : { code, msg, error: { log_id: logId } };
  return { status, headers: { ...preset?.headers, ...given.headers }, body };
}

/** A given code's message from the registry, so `{"code": 191000}` alone reads as Feishu would say it. */
function registryMessage(code: number): string {
  return Object.values(ERROR_CODES).find((e) => e.code === code)?.msg ?? 'fault injected by larkcal';
}
