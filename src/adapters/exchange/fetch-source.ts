/**
 * Reading a fixture mailbox's iCalendar text (issue #11 §1): a file, an
 * http(s) URL answering iCalendar to GET, or a CalDAV collection asked with
 * one calendar-query REPORT for every resource's calendar-data (RFC 4791
 * §7.8), with Basic credentials when the fixture gives them. Each failure
 * says what went wrong in a sentence: it becomes the binding's `err` reason.
 */
import { readFile } from 'node:fs/promises';
import { MailboxUnreadable } from '../../core/exchange/ports.js';
import type { MailboxSource } from '../../core/exchange/model.js';
import { childrenNamed, descendantsNamed, parseXml } from './dav-xml.js';

const DAV = 'DAV:';
const CALDAV = 'urn:ietf:params:xml:ns:caldav';
const TIMEOUT_MS = 30_000;
/** A mailbox this large is surely a mistake; larkcal will not hold it in memory. */
const MAX_BYTES = 64 * 1024 * 1024;

// A constant request body: nothing of it comes from input.
const CALENDAR_QUERY = `<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>`;

/** The iCalendar documents a source holds: one for a file or URL, one per resource of a CalDAV collection. */
export async function fetchCalendarTexts(source: MailboxSource): Promise<string[]> {
  switch (source.kind) {
    case 'file':
      return [await readFileText(source.path)];
    case 'http':
      return [await request(source, 'GET', { accept: 'text/calendar, */*;q=0.5' }, 200)];
    case 'caldav':
      return calendarData(await request(source, 'REPORT', { 'content-type': 'application/xml; charset=utf-8', depth: '1' }, 207, CALENDAR_QUERY), source.url);
  }
}

async function readFileText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new MailboxUnreadable(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

type UrlSource = Extract<MailboxSource, { url: string }>;

async function request(source: UrlSource, method: string, headers: Record<string, string>, expected: number, body?: string): Promise<string> {
  const auth: Record<string, string> = source.username !== undefined ? { authorization: `Basic ${Buffer.from(`${source.username}:${source.password ?? ''}`).toString('base64')}` } : {};
  let response: Response;
  try {
    response = await fetch(source.url, { method, headers: { ...headers, ...auth }, ...(body !== undefined && { body }), redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new MailboxUnreadable(`${method} ${source.url} failed: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
  }
  if (response.status !== expected) {
    await response.body?.cancel();
    throw new MailboxUnreadable(`${method} ${source.url} answered HTTP ${response.status}, not ${expected}`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new MailboxUnreadable(`${source.url} is larger than ${MAX_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_BYTES) throw new MailboxUnreadable(`${source.url} is larger than ${MAX_BYTES} bytes`);
  return text;
}

/** Every calendar-data of a multistatus whose propstat says 200. */
function calendarData(xml: string, url: string): string[] {
  let root;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new MailboxUnreadable(`REPORT ${url} answered XML larkcal cannot read: ${(error as Error).message}`);
  }
  if (root.ns !== DAV || root.name !== 'multistatus') throw new MailboxUnreadable(`REPORT ${url} answered no DAV multistatus`);
  const texts: string[] = [];
  for (const response of childrenNamed(root, DAV, 'response')) {
    for (const propstat of childrenNamed(response, DAV, 'propstat')) {
      const status = childrenNamed(propstat, DAV, 'status')[0]?.text ?? '';
      if (!/\s200\s/.test(` ${status} `)) continue;
      for (const data of descendantsNamed(propstat, CALDAV, 'calendar-data')) if (data.text.trim() !== '') texts.push(data.text);
    }
  }
  return texts;
}
