/**
 * The iCalendar codec (RFC 5545): larkcal's event model ⇄ VCALENDAR text. Pure:
 * no I/O, no clock; ical.js parses, the writer is hand-made (content-line.ts).
 * CalDAV (RFC 4791), Exchange/third-party sources and the CLI import/export
 * share it; each maps `ICalendarError.code` to its own dialect.
 *
 * ENCODE — one series (or one-off event) → VEVENTs
 *   encodeCalendar(series[], {name?}) → a whole VCALENDAR with the VTIMEZONEs used.
 *   For streaming: calendarHeader() + encodeSeriesEvents(s)… + zones.vtimezones() + CALENDAR_FOOTER,
 *   with a ZoneCollector fed every series (VTIMEZONEs may follow the VEVENTs; §3.6 sets no order).
 *   An EncodableSeries is { master, exceptions, organizer }, each EncodableEvent the core's
 *   CalendarEvent row, its attendee rows each with the email the adapter resolved, and
 *   `lastModified` (DTSTAMP/LAST-MODIFIED; default createTime, so output is byte-stable for ETags).
 *   Written: UID, DTSTAMP, CREATED, LAST-MODIFIED, SEQUENCE (= version), DTSTART/DTEND (TZID, Z for
 *   UTC, VALUE=DATE all-day, DTEND exclusive), RRULE, EXDATE (the cancelled exceptions),
 *   RECURRENCE-ID (live exceptions, in the master's DTSTART form), SUMMARY, DESCRIPTION, LOCATION
 *   (name, else address) and GEO, CLASS (none for `default`), TRANSP, STATUS, ORGANIZER, ATTENDEE
 *   (mailto: or urn:x-larkcal:…, CN, CUTYPE INDIVIDUAL/GROUP/ROOM, ROLE CHAIR/REQ-/OPT-PARTICIPANT,
 *   PARTSTAT, X-LARKCAL-TYPE/-ID), VALARM (DISPLAY, TRIGGER −minutes), and X-LARKCAL-* (mappings.ts)
 *   for color, attendee ability, rich description, exact location, RRULE text, video meeting,
 *   schemas, attachments, check-in and source.
 *
 * DECODE — text → DecodedSeries[] (one per UID, in order of appearance)
 *   decodeCalendar(text, { singleUid?, floatingZone? }) throws ICalendarError:
 *   unparsable | no_vevent | no_uid | no_dtstart | invalid_property | unknown_timezone |
 *   invalid_rrule (what core/events/recurrence/rrule.ts refuses) | several_uids (with singleUid) |
 *   duplicate_component.
 *   A DecodedSeries is { uid, master, overrides[{originalTime, event}], exdates[] }; each DecodedEvent
 *   has `input` (an EventInput for EventService.create/patch, uid included; standard fields always
 *   set, X-LARKCAL fields only when present), `status`, `organizer`, `attendees` (email/address, CN,
 *   cutype, rsvpStatus, isOptional, isChair, and `larkcal` {type,id} from our own export),
 *   `sequence`, `lastModified`. Override STATUS:CANCELLED joins `exdates`. Original times are event
 *   id suffixes: UTC seconds, all-day as the date's UTC midnight. All-day `input.end` is the
 *   inclusive last day, as the core takes it. TZIDs map to IANA zones (zone-names.ts) or are refused.
 *
 * Client UIDs of any form are kept as sent (the core caps them at MAX_UID_LENGTH).
 */
export { decodeCalendar, groupByUid, parseCalendar, timezoneLocations } from './decode.js';
export { decodeVevent, type DecodedVevent } from './decode-event.js';
export { CALENDAR_FOOTER, PRODUCT_ID, ZoneCollector, calendarHeader, encodeCalendar, encodeExpanded, encodeSeriesEvents } from './encode.js';
export { ICalendarError, type ICalendarErrorCode } from './errors.js';
export { X as LARKCAL_PROPERTIES } from './mappings.js';
export { ianaZoneOf } from './zone-names.js';
export type {
  CalendarAddress, CalendarUserType, DecodeOptions, DecodedAttendee, DecodedEvent, DecodedOverride, DecodedSeries,
  EncodableAttendee, EncodableEvent, EncodableSeries,
} from './types.js';
