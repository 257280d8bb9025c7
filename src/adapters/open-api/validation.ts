/**
 * Request validation. Query strings and path params are coerced (they arrive as
 * text, repeated keys as arrays); JSON bodies are not: a string where Feishu
 * wants an int32 is an error there, so it is one here.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { DomainError, type FieldViolation } from '../../core/errors.js';

const common = { allErrors: false, strict: false, useDefaults: true, verbose: true } as const;
const coercing = new Ajv({ ...common, coerceTypes: 'array', removeAdditional: true });
const strict = new Ajv({ ...common, coerceTypes: false, removeAdditional: true });

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object);
  return (data: unknown) => (validate(data) ? { value: data } : { error: new RequestInvalid(validate.errors ?? []) });
};

/** Thrown by the compiled validators; the error handler turns it into 190002/190014. */
export class RequestInvalid extends Error {
  constructor(readonly errors: ErrorObject[]) {
    super('request validation failed');
  }
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  return path || '(body)';
}

export function violationsOf(error: RequestInvalid, part: string | undefined): FieldViolation[] {
  return error.errors.map((e) => {
    const violation: FieldViolation = { field: fieldOf(e), description: `${part ?? 'request'} ${fieldOf(e)} ${e.message ?? 'is invalid'}` };
    if (e.keyword === 'enum') violation.description += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    if (e.data !== undefined && typeof e.data !== 'object') violation.value = String(e.data);
    return violation;
  });
}

export function invalidRequest(error: RequestInvalid, part: string | undefined, detailed: boolean): DomainError {
  return new DomainError(detailed ? 'invalid_params_detail' : 'invalid_params', violationsOf(error, part));
}
