/**
 * CalDAV's error dialect: a status and, where an RFC names one, a precondition
 * in a DAV:error body (RFC 4918 §16, RFC 4791 §1.3). Core refusals and codec
 * refusals are mapped here once; nothing else in the adapter picks a status.
 */
import { DomainError, type ErrorKind } from '../../core/errors.js';
import { ICalendarError, type ICalendarErrorCode } from '../../core/icalendar/index.js';
import { dav, el, NS, serialize, type Out } from './xml.js';

export interface Precondition {
  ns: string;
  name: string;
  /** Children of the precondition element (the conflicting DAV:href of no-uid-conflict). */
  content?: readonly Out[];
}

export class DavError extends Error {
  constructor(
    readonly status: number,
    readonly precondition?: Precondition,
    /** A sentence for people, as DAV:responsedescription's cousin in the body. */
    readonly description?: string,
  ) {
    super(description ?? `DAV ${status}`);
  }
}

export const caldavCondition = (name: string, content?: readonly Out[]): Precondition => ({ ns: NS.caldav, name, ...(content && { content }) });
export const davCondition = (name: string): Precondition => ({ ns: NS.dav, name });

/** RFC 3744 §7.1.1: a refusal for want of a privilege names the privilege it wanted. */
export const needPrivileges = (description: string): DavError => new DavError(403, davCondition('need-privileges'), description);

const KIND_STATUS: Record<ErrorKind, number> = {
  invalid: 403, unauthenticated: 401, unsupported: 403, forbidden: 403, not_found: 404, gone: 404, conflict: 409, limit: 403, internal: 503,
};

/** RFC 4791 §5.3.2.1 preconditions of PUT, per codec refusal. */
const ICAL_CONDITION: Record<ICalendarErrorCode, { status: number; condition: string }> = {
  unparsable: { status: 400, condition: 'valid-calendar-data' },
  invalid_property: { status: 403, condition: 'valid-calendar-data' },
  unknown_timezone: { status: 403, condition: 'valid-calendar-data' },
  invalid_rrule: { status: 403, condition: 'valid-calendar-data' },
  no_vevent: { status: 403, condition: 'supported-calendar-component' },
  no_uid: { status: 403, condition: 'valid-calendar-object-resource' },
  no_dtstart: { status: 403, condition: 'valid-calendar-object-resource' },
  several_uids: { status: 403, condition: 'valid-calendar-object-resource' },
  duplicate_component: { status: 403, condition: 'valid-calendar-object-resource' },
};

export function davErrorOf(error: unknown): DavError {
  if (error instanceof DavError) return error;
  if (error instanceof ICalendarError) {
    const { status, condition } = ICAL_CONDITION[error.code];
    return new DavError(status, caldavCondition(condition), error.detail);
  }
  if (error instanceof DomainError) {
    const [kind] = error.key.split(':') as [ErrorKind];
    const described = error.violations.map((v) => `${v.field}: ${v.description}`).join('; ') || error.key;
    if (kind === 'forbidden') return needPrivileges(described);
    // A field the core refuses in a written object (RFC 4791 §5.3.2.1).
    if (kind === 'invalid') return new DavError(403, caldavCondition('valid-calendar-object-resource'), described);
    return new DavError(KIND_STATUS[kind], undefined, described);
  }
  const status = (error as { statusCode?: unknown }).statusCode;
  // Fastify's own refusals (a body over the limit, a malformed header) keep their 4xx.
  if (typeof status === 'number' && status >= 400 && status < 500) return new DavError(status, undefined, (error as Error).message);
  return new DavError(503, undefined, 'the server cannot answer this request now');
}

/** The body of an error: DAV:error with the precondition, or none. */
export function errorBody(error: DavError): string | undefined {
  if (!error.precondition && !error.description) return undefined;
  const content: Out[] = [];
  if (error.precondition) content.push(el(error.precondition.ns, error.precondition.name, error.precondition.content ?? []));
  // sabre/dav's habit: a human sentence beside the condition, in a namespace of its own.
  if (error.description) content.push(el('http://larkcal.dev/ns/', 'message', error.description));
  return serialize(dav('error', content));
}
