/** Feishu's `{code, msg, data}` envelope (platform.md §2). */
import { DomainError, type FieldViolation } from '../../core/errors.js';
import { DETAILED_INVALID, ERROR_CODES, type FeishuError } from './error-codes.js';

export function success<T>(data: T): { code: 0; msg: 'success'; data: T } {
  return { code: 0, msg: 'success', data };
}

/** The v3 token endpoints' failure: HTTP 200, `{"code":10003,"data":{},"msg":"invalid param"}` (platform.md §3.3). */
export interface LegacyErrorBody {
  code: number;
  data: Record<string, never>;
  msg: string;
}

export interface ErrorBody {
  code: number;
  msg: string;
  data?: Record<string, never>;
  error: {
    log_id: string;
    message?: string;
    details?: Array<{ key: string; value: string }>;
    field_violations?: FieldViolation[];
    permission_violations?: Array<{ type: string; subject: string }>;
    helps?: Array<{ url: string; description: string }>;
  };
}

const SCOPE_HELP = 'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-the-99991672-error';

/** The Feishu code of an error: a field error is 190014 where the endpoint's docs say so, else the registry's. */
export function feishuErrorOf(error: DomainError, detailed: boolean): FeishuError {
  return error.key === 'invalid' && detailed ? DETAILED_INVALID : ERROR_CODES[error.key];
}

export function errorBody(error: DomainError, logId: string, appId?: string, detailed = false): { status: number; body: ErrorBody | LegacyErrorBody } {
  const entry = feishuErrorOf(error, detailed);
  // Only the legacy auth endpoints fail with HTTP 200, and they answer in their own, older shape.
  if (entry.status === 200) return { status: 200, body: { code: entry.code, data: {}, msg: entry.msg } };
  const body: ErrorBody = { code: entry.code, msg: entry.msg, error: { log_id: logId } };
  switch (error.key) {
    case 'forbidden:scope':
    case 'forbidden:field_scope':
    case 'forbidden:user_grant': {
      const scopes = error.extra;
      body.msg = `${entry.msg}[${scopes.join(', ')}]`;
      const type = error.key === 'forbidden:scope' ? 'action_scope_required'
        : error.key === 'forbidden:field_scope' ? 'field_scope_required' : 'action_privilege_required';
      body.error.message = `Refer to the documentation to fix the error: ${SCOPE_HELP}`;
      body.error.permission_violations = scopes.map((subject) => ({ type, subject }));
      body.error.helps = [{
        url: `https://open.feishu.cn/app/${appId ?? ''}/auth?q=${scopes.join(',')}&op_from=openapi`,
        description: `Learn more about scopes and how to add them: [${scopes.join(', ')}]`,
      }];
      break;
    }
    case 'unauthenticated:token_missing':
      body.data = {};
      break;
    default:
      if (error.violations.length > 0) {
        body.error.field_violations = error.violations;
        body.error.details = error.violations.map((v) => ({ key: v.field, value: v.description }));
      }
  }
  return { status: entry.status, body };
}
