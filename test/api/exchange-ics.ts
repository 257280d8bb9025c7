/** Small iCalendar documents for the Exchange tests, written in UTC (or a named zone) from Unix seconds. */
export interface IcsEvent {
  uid: string;
  summary: string;
  /** Unix seconds, or YYYY-MM-DD for all-day (end exclusive, as DTEND is). */
  start: number | string;
  end: number | string;
  rrule?: string;
  exdates?: number[];
  /** RECURRENCE-ID (Unix seconds): an override of one occurrence. */
  recurrenceId?: number;
  transparent?: boolean;
  /** Write local times in this zone with TZID (no VTIMEZONE: the codec knows IANA names). */
  tzid?: string;
}

const utc = (s: number) => new Date(s * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function local(seconds: number, zone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(seconds * 1000)).map((p) => [p.type, p.value]));
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

function time(name: string, value: number | string, zone?: string): string {
  if (typeof value === 'string') return `${name};VALUE=DATE:${value.replace(/-/g, '')}`;
  return zone ? `${name};TZID=${zone}:${local(value, zone)}` : `${name}:${utc(value)}`;
}

export function ics(events: readonly IcsEvent[], name?: string): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//larkcal tests//EN', ...(name ? [`X-WR-CALNAME:${name}`] : [])];
  for (const e of events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, 'DTSTAMP:20260101T000000Z', `SUMMARY:${e.summary}`, time('DTSTART', e.start, e.tzid), time('DTEND', e.end, e.tzid));
    if (e.rrule) lines.push(`RRULE:${e.rrule}`);
    for (const x of e.exdates ?? []) lines.push(time('EXDATE', x, e.tzid));
    if (e.recurrenceId !== undefined) lines.push(time('RECURRENCE-ID', e.recurrenceId, e.tzid));
    if (e.transparent) lines.push('TRANSP:TRANSPARENT');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
