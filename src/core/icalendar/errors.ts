/**
 * Why a document was refused. Each adapter maps the code to its dialect once:
 * CalDAV to a precondition (RFC 4791 §5.3.2.1 valid-calendar-data, valid-calendar-object-resource,
 * no-uid-conflict is the adapter's own), the CLI to a message.
 */
export type ICalendarErrorCode =
  | 'unparsable' // not iCalendar syntax, or no VCALENDAR at the top
  | 'no_vevent' // a VCALENDAR without any VEVENT
  | 'no_uid' // a VEVENT without UID (RFC 5545 §3.6.1 requires one)
  | 'no_dtstart' // a VEVENT without DTSTART
  | 'invalid_property' // a property larkcal reads with a value it cannot read
  | 'unknown_timezone' // a TZID that names no IANA zone larkcal can map
  | 'invalid_rrule' // an RRULE the core refuses (rrule.ts)
  | 'several_uids' // a document that must hold one UID holds several
  | 'duplicate_component'; // two masters, or two overrides of one occurrence, for one UID

export class ICalendarError extends Error {
  constructor(
    readonly code: ICalendarErrorCode,
    /** A sentence for people: what was wrong and where. */
    readonly detail: string,
    /** The UID concerned, when there is one. */
    readonly uid?: string,
    /** The property concerned (DTSTART, RRULE, …). */
    readonly property?: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ICalendarError';
  }
}
