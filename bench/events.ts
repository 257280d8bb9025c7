/**
 * Event scenarios for `npm run bench` (the events issue's targets):
 * create, instance_view over 30 days on a calendar of 1,000 events of which
 * 200 recur daily or weekly, and an incremental list after 10,000 changes.
 */
import { raw } from '../test/support/http.js';

export interface EventScenarioSetup {
  createUrl: string;
  createBody: string;
  instanceViewUrl: string;
  incrementalUrl: string;
}

const DAY = 86400;

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<any> {
  const r = await raw(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.json?.code !== 0) throw new Error(`${url}: ${r.text}`);
  return r.json.data;
}

async function patch(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const r = await raw(url, { method: 'PATCH', headers, body: JSON.stringify(body) });
  if (r.json?.code !== 0) throw new Error(`${url}: ${r.text}`);
}

async function newCalendar(base: string, headers: Record<string, string>, summary: string): Promise<string> {
  return (await post(`${base}/open-apis/calendar/v4/calendars`, headers, { summary })).calendar.calendar_id as string;
}

const eventsUrl = (base: string, calendarId: string) => `${base}/open-apis/calendar/v4/calendars/${encodeURIComponent(calendarId)}/events`;
const at = (ts: number) => ({ timestamp: String(ts), timezone: 'Asia/Shanghai' });

/**
 * 800 one-off events over two years and 200 series started over the past year:
 * 100 daily ones of 60 days and 100 weekly ones that never end. A 30-day window
 * then holds about 750 instances, under Feishu's 1,000 (193104).
 */
async function fillAgenda(base: string, headers: Record<string, string>, calendarId: string, now: number): Promise<void> {
  const url = eventsUrl(base, calendarId);
  const start = now - 365 * DAY;
  const jobs: Array<() => Promise<unknown>> = [];
  for (let i = 0; i < 800; i++) {
    const ts = start + Math.floor((i * 2 * 365 * DAY) / 800) + 9 * 3600;
    jobs.push(() => post(url, headers, { summary: `One-off ${i}`, start_time: at(ts), end_time: at(ts + 1800) }));
  }
  for (let i = 0; i < 200; i++) {
    const ts = start + Math.floor((i * 365 * DAY) / 200) + 10 * 3600;
    const recurrence = i % 2 === 0 ? 'FREQ=DAILY;COUNT=60' : 'FREQ=WEEKLY;BYDAY=MO';
    jobs.push(() => post(url, headers, { summary: `Series ${i}`, start_time: at(ts), end_time: at(ts + 1800), recurrence }));
  }
  for (let i = 0; i < jobs.length; i += 20) await Promise.all(jobs.slice(i, i + 20).map((job) => job()));
}

/**
 * A calendar whose log holds 10,000 changes (2,000 creates, then four rounds of
 * patches); the client's sync token is taken then, and 50 more changes follow.
 */
async function fillChanges(base: string, headers: Record<string, string>, calendarId: string, now: number): Promise<string> {
  const url = eventsUrl(base, calendarId);
  const ids: string[] = [];
  for (let i = 0; i < 2000; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => post(url, headers, {
      summary: `E${i + j}`, start_time: at(now + (i + j) * 3600), end_time: at(now + (i + j) * 3600 + 1800),
    })));
    ids.push(...batch.map((d) => d.event.event_id as string));
  }
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < ids.length; i += 20) await Promise.all(ids.slice(i, i + 20).map((id) => patch(`${url}/${id}`, headers, { summary: `${id} r${round}` })));
  }
  let page = (await raw(`${url}?page_size=1000`, { headers })).json.data;
  while (page.has_more) page = (await raw(`${url}?page_size=1000&page_token=${encodeURIComponent(page.page_token)}`, { headers })).json.data;
  const syncToken = page.sync_token as string;
  for (const id of ids.slice(-50)) await patch(`${url}/${id}`, headers, { description: 'latest' });
  return `${url}?sync_token=${encodeURIComponent(syncToken)}`;
}

export async function setupEventScenarios(base: string, headers: Record<string, string>): Promise<EventScenarioSetup> {
  const now = Math.floor(Date.now() / 1000);
  const agenda = await newCalendar(base, headers, 'Agenda');
  await fillAgenda(base, headers, agenda, now);
  const changes = await newCalendar(base, headers, 'Changes');
  const incrementalUrl = await fillChanges(base, headers, changes, now);
  const scratch = await newCalendar(base, headers, 'Creates');
  return {
    createUrl: eventsUrl(base, scratch),
    createBody: JSON.stringify({ summary: 'Bench', start_time: at(now + DAY), end_time: at(now + DAY + 3600), reminders: [{ minutes: 5 }] }),
    instanceViewUrl: `${eventsUrl(base, agenda)}/instance_view?start_time=${now}&end_time=${now + 30 * DAY}`,
    incrementalUrl,
  };
}
