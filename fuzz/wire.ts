/**
 * The fixed catalogues of wire-level attacks: path segments, broken JSON,
 * content types, big bodies, forged page and sync tokens. Field values are
 * in mutations.ts; which goes where is cases.ts's business.
 */

export const ODD_SEGMENTS: Array<[string, string]> = [
  ['%00', '%00'], ['NUL inside', 'cal%00endar'], ['..', '..'], ['../', '..%2F..%2Fhealthz'], ['%2e%2e', '%2e%2e'], ['dot', '.'],
  ['20 KB', 'a'.repeat(20 * 1024)], ['1,025 chars', 'a'.repeat(1025)], ['1,024 chars', 'b'.repeat(1024)],
  ['emoji', encodeURIComponent('👩🏽‍💻📅')], ['invalid UTF-8 %FF%FE', '%FF%FE'], ['overlong %C0%AF', '%C0%AF'], ['lone %', '%'], ['%zz', '%zz'],
  ['CRLF', '%0d%0aX-Injected:%201'], ['sql', encodeURIComponent("' or '1'='1")], ['space', '%20'], ['plus', 'a+b'], ['tilde', '~'],
  ['primary', 'primary'], ['uuid', '00000000-0000-0000-0000-000000000000'], ['surrogate %ED%A0%80', '%ED%A0%80'], ['double-encoded', '%252e%252e%252f'],
];

export const MALFORMED_JSON: Array<[string, string]> = [
  ['trailing comma', '{"a":1,}'], ['unclosed', '{"summary":"x"'], ['lone }', '}'], ['array', '[]'], ['string', '"s"'], ['number', '123'],
  ['null', 'null'], ['true', 'true'], ['BOM', '\ufeff{}'], ['two objects', '{"a":1}{"b":2}'], ['single quotes', "{'a':1}"], ['NaN', '{"a":NaN}'],
  ['leading zero', '{"a":01}'], ['deep 100,000', '['.repeat(100_000) + ']'.repeat(100_000)], ['lone surrogate', '{"summary":"\\ud800"}'],
  ['duplicate keys', '{"summary":"a","summary":"b","summary":1}'], ['trailing NUL', '{"summary":"x"}\u0000'], ['comment', '{/* c */"a":1}'],
  ['whitespace only', ' \n\t '], ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1')],
  ['unquoted key', '{summary:1}'], ['huge number', `{"color":${'9'.repeat(5000)}}`],
];

export const CONTENT_TYPES = [
  'text/plain', 'application/x-www-form-urlencoded', 'application/json;;;', 'application/json; charset=latin1', 'application/json; charset=utf-16',
  'multipart/form-data', 'multipart/form-data; boundary=----x', 'application/xml', '', 'application/json, text/html', 'APPLICATION/JSON',
  '*/*', 'application/octet-stream', 'application/jsonp', 'application/json; boundary=--', 'text/json', 'application/problem+json', 'image/png',
];

/** JSON bodies of 5 and 11 MB, built once, before warm-up ends, so that they do not count as growth. */
const PADDED = new Map([5, 11].map((mb) => [mb, JSON.stringify({ summary: 'x', description: 'y'.repeat(mb * 1024 * 1024) })]));

export function paddedBody(megabytes: number): string {
  return PADDED.get(megabytes)!;
}

export function forgedPagingTokens(real: readonly string[]): string[] {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
  return [
    ...real, ...real.map((t) => t.slice(0, -2) + (t.endsWith('A') ? 'B' : 'A') + t.slice(-1)), ...real.map((t) => t + t),
    'ListEventsPageToken_', 'ListEventsSyncToken_', `ListEventsPageToken_${b64({ offset: -1 })}`, `ListCalendarsSyncToken_${b64({ seq: '9'.repeat(40) })}`,
    `ListEventsSyncToken_${b64({ seq: -1, calendar: 'other' })}`, `InstancesPageToken_${'A'.repeat(500)}`, 'x'.repeat(600), 'a\u0000b', '👩🏽‍💻',
    `SearchEventsPageToken_${b64([1, 2, 3])}`, 'ListCalendarsPageToken_%00', '{"offset":0}', '-1',
  ];
}
