/**
 * A large iCalendar document, one component at a time, so that an import never
 * holds the whole file (issue #11 §4: "a 100 MB file does not need 100 MB of
 * heap"). The splitter reads content lines; it does not parse values — each
 * VEVENT is parsed on its own later (decodeStreamedVevent), with the
 * document's VTIMEZONEs known from a first pass (`scanDocument`), since RFC
 * 5545 §3.6 lets VTIMEZONEs follow the VEVENTs that use them.
 */
import { decodeVevent, type DecodedVevent } from './decode-event.js';
import { parseCalendar } from './decode.js';
import { ICalendarError } from './errors.js';

/** One top-level component of the VCALENDAR: its raw lines, CRLF-joined, and where it began. */
export interface StreamedComponent {
  /** Lower-cased component name: vevent, vtimezone, vtodo… */
  name: string;
  text: string;
  /** 1-based line of its BEGIN. */
  line: number;
}

const BEGIN = /^BEGIN:([A-Za-z0-9-]+)\s*$/i;
const END = /^END:([A-Za-z0-9-]+)\s*$/i;

/**
 * The VCALENDAR's components in order. Throws `unparsable` when the document is
 * not one well-nested VCALENDAR: a first line that is not BEGIN:VCALENDAR, an END
 * that closes the wrong component, or a file that stops before END:VCALENDAR.
 */
export async function* componentsOf(lines: AsyncIterable<string>): AsyncGenerator<StreamedComponent> {
  const stack: string[] = [];
  let current: { name: string; line: number; lines: string[] } | undefined;
  let n = 0;
  let ended = false;
  for await (const raw of lines) {
    n++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    if (ended) throw new ICalendarError('unparsable', `line ${n}: content after END:VCALENDAR`);
    const folded = line.startsWith(' ') || line.startsWith('\t');
    const begin = folded ? null : BEGIN.exec(line);
    const end = folded ? null : END.exec(line);
    if (stack.length === 0) {
      if (begin?.[1]?.toLowerCase() !== 'vcalendar') throw new ICalendarError('unparsable', `line ${n}: not iCalendar (expected BEGIN:VCALENDAR)`);
      stack.push('vcalendar');
      continue;
    }
    if (begin) {
      const name = begin[1]!.toLowerCase();
      stack.push(name);
      if (stack.length === 2) current = { name, line: n, lines: [] };
    } else if (end) {
      const name = end[1]!.toLowerCase();
      if (stack[stack.length - 1] !== name) throw new ICalendarError('unparsable', `line ${n}: END:${end[1]} closes ${stack[stack.length - 1]!.toUpperCase()}`);
      stack.pop();
      if (stack.length === 0) {
        ended = true;
        continue;
      }
    }
    if (current) current.lines.push(line);
    if (end && stack.length === 1 && current) {
      yield { name: current.name, text: current.lines.join('\r\n') + '\r\n', line: current.line };
      current = undefined;
    }
  }
  if (stack.length === 0 && !ended) throw new ICalendarError('unparsable', 'not iCalendar: the file is empty');
  if (!ended) throw new ICalendarError('unparsable', `the file ends inside ${stack[stack.length - 1]!.toUpperCase()} (line ${n}): it is cut short`);
}

/** What the first pass learns: the zones VEVENTs may name, and how many VEVENTs to expect. */
export interface DocumentScan {
  zones: Map<string, string | undefined>;
  vevents: number;
}

/** Reads the whole document once for its structure and VTIMEZONEs; throws like componentsOf, or `no_vevent`. */
export async function scanDocument(lines: AsyncIterable<string>): Promise<DocumentScan> {
  const scan: DocumentScan = { zones: new Map(), vevents: 0 };
  for await (const component of componentsOf(lines)) {
    if (component.name === 'vevent') scan.vevents++;
    if (component.name !== 'vtimezone') continue;
    const tzid = property(component.text, 'TZID');
    if (tzid) scan.zones.set(tzid, property(component.text, 'X-LIC-LOCATION'));
  }
  if (scan.vevents === 0) throw new ICalendarError('no_vevent', 'the VCALENDAR holds no VEVENT');
  return scan;
}

/** One VEVENT of a streamed document, decoded as decodeCalendar decodes it. */
export function decodeStreamedVevent(component: StreamedComponent, scan: Pick<DocumentScan, 'zones'>, floatingZone = 'UTC'): DecodedVevent {
  const calendar = parseCalendar(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//larkcal//import//EN\r\n${component.text}END:VCALENDAR\r\n`);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new ICalendarError('unparsable', `line ${component.line}: the VEVENT could not be read`);
  return decodeVevent(vevent, { zones: scan.zones, floatingZone });
}

/** A simple property's value on an unfolded line of the component's own level (VTIMEZONE's TZID, X-LIC-LOCATION). */
function property(text: string, name: string): string | undefined {
  const match = new RegExp(`^${name}(?:;[^:\\r\\n]*)?:(.*)$`, 'im').exec(text);
  return match?.[1]?.trim() || undefined;
}
