/**
 * Writing iCalendar content lines (RFC 5545 §3.1): TEXT escaping (§3.3.11),
 * parameter quoting (§3.2) and folding at 75 octets without splitting a
 * UTF-8 character. Written by hand rather than through ical.js: exports of
 * 100,000 events spend their time here, and the output must be byte-stable
 * (CalDAV ETags are derived from it).
 */

export type Params = ReadonlyArray<readonly [name: string, value: string]>;

/** TEXT value escaping: backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]|\r\n|\r|\n/g, (c) => (c === '\\' || c === ';' || c === ',' ? `\\${c}` : '\\n'));
}

/** A parameter value, quoted when it holds `:`, `;` or `,`; DQUOTE and controls cannot appear (§3.1) and are dropped. */
function paramValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/["\u0000-\u001f\u007f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** One content line, folded, with its CRLF. `value` is already in its value type's form. */
export function contentLine(name: string, value: string, params: Params = []): string {
  let line = name;
  for (const [key, v] of params) line += `;${key}=${paramValue(v)}`;
  return fold(`${line}:${value}`);
}

/** A TEXT property's line. */
export function textLine(name: string, text: string, params: Params = []): string {
  return contentLine(name, escapeText(text), params);
}

const encoder = new TextEncoder();

/** Lines longer than 75 octets continue on lines starting with one space (§3.1). */
export function fold(line: string): string {
  if (line.length <= 75 && encoder.encode(line).length <= 75) return `${line}\r\n`;
  let out = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      out += '\r\n ';
      octets = 0;
      limit = 74; // the leading space counts
    }
    out += char;
    octets += size;
  }
  return `${out}\r\n`;
}
