/**
 * The web bench's two data sets, on one server, around the real current week
 * (the browser's clock is not faked, so "today" is today):
 * - acceptance: the browser test's own seed (test/web/calendar.test.ts) for
 *   alice of the test fixture — a one-off event, a daily series of five, a
 *   day of time off, a colleague's event and a public calendar — this week;
 * - busy: a user with 2,000 occurrences over a year (26 weeks back, 26 on):
 *   five series (a weekday standup, two weekly, a fortnightly, a monthly),
 *   1,468 one-off meetings on working days, and 130 all-day events of one to
 *   three days on a second calendar of theirs. Drawn from a fixed seed, so
 *   every run shows the same weeks.
 * Written through the Open API as the users, as the app writes them.
 */
import type { Fixture } from '../src/core/tenancy/fixture.js';
import { TokenService } from '../src/core/tenancy/tokens.js';
import type { Running } from '../src/launch.js';
import { APPS, testFixture } from '../test/support/fixture.js';

export const ZONE = 'Asia/Shanghai';
/** Shanghai keeps no summer time: a wall time is UTC+8 all year. */
const OFFSET_MS = 8 * 3600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const WEEKS_BACK = 26;
const WEEKS = 52;

export const BUSY = { userId: 'busy', login: 'busy@acme.example', password: 'busy-pw', occurrences: 2_000 } as const;
export const ALICE = { userId: 'alice', login: 'alice@acme.example', password: 'alice-pw' } as const;

const SERIES = [
  { summary: 'Standup', day: 0, at: '09:30', minutes: 15, rule: `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=${5 * WEEKS}`, count: 5 * WEEKS },
  { summary: 'Team sync', day: 1, at: '14:00', minutes: 60, rule: `FREQ=WEEKLY;COUNT=${WEEKS}`, count: WEEKS },
  { summary: '1:1 with Dana', day: 3, at: '11:00', minutes: 30, rule: `FREQ=WEEKLY;COUNT=${WEEKS}`, count: WEEKS },
  { summary: 'Sprint planning', day: 0, at: '10:00', minutes: 60, rule: `FREQ=WEEKLY;INTERVAL=2;COUNT=${WEEKS / 2}`, count: WEEKS / 2 },
  { summary: 'Lunch & learn', day: 4, at: '12:00', minutes: 60, rule: 'FREQ=MONTHLY;BYDAY=1FR;COUNT=12', count: 12 },
] as const;
const ALL_DAY = 130;
const ONE_OFF = BUSY.occurrences - ALL_DAY - SERIES.reduce((n, s) => n + s.count, 0);
const TOPICS = ['Design review', 'Customer call', 'Interview', 'Budget', 'Roadmap', 'Hiring sync', 'Retro', 'Demo prep', 'Vendor call', 'Office hours'];
const LEAVES = ['Conference', 'Offsite', 'Public holiday', 'Vacation', 'On call', 'Travel'];

/** The test fixture, with the busy user beside alice in Acme. */
export function webBenchFixture(): Fixture {
  const fixture = testFixture();
  fixture.tenants[0]!.users!.push({ user_id: BUSY.userId, name: 'Busy Bee', email: BUSY.login, password: BUSY.password, timezone: ZONE });
  return fixture;
}

/** Monday 00:00 of this week in Shanghai, as an instant. */
export function thisMonday(now = Date.now()): number {
  const wall = now + OFFSET_MS;
  const midnight = wall - (wall % DAY);
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7;
  return midnight - weekday * DAY - OFFSET_MS;
}

type Body = Record<string, unknown>;
interface Api { post(path: string, body: Body): Promise<Body> }

function apiAs(running: Running, token: string): Api {
  return {
    async post(path, body) {
      const res = await fetch(`${running.url}/open-apis/calendar/v4/${path}`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body),
      });
      const json = (await res.json()) as { code: number; msg: string; data: Body };
      if (json.code !== 0) throw new Error(`POST ${path}: ${json.code} ${json.msg}`);
      return json.data;
    },
  };
}

async function userApi(running: Running, userId: string): Promise<Api> {
  const app = (await running.store.tenancy.getApp(APPS.full.app_id))!;
  const user = (await running.store.tenancy.findUserByUserId(app.tenantKey, userId))!;
  return apiAs(running, (await new TokenService(running.store, running.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value);
}

async function tenantApi(running: Running): Promise<Api> {
  const res = await fetch(`${running.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(APPS.full),
  });
  return apiAs(running, ((await res.json()) as { tenant_access_token: string }).tenant_access_token);
}

const primaryOf = async (api: Api) => ((await api.post('calendars/primary', {})).calendars as Array<{ calendar: { calendar_id: string } }>)[0]!.calendar.calendar_id;
const timed = (start: number, minutes: number) => ({ start_time: { timestamp: String(start / 1000), timezone: ZONE }, end_time: { timestamp: String((start + minutes * 60_000) / 1000), timezone: ZONE } });
/** Instant of `day` days after `monday` at wall time HH:MM in Shanghai. */
const wallAt = (monday: number, day: number, hhmm: string) => monday + day * DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3))) * 60_000;
const dateOf = (instant: number) => new Date(instant + OFFSET_MS).toISOString().slice(0, 10);

/** The browser test's seed, moved to this week. */
export async function seedAcceptance(running: Running): Promise<void> {
  const monday = thisMonday();
  const alice = await userApi(running, 'alice');
  const bob = await userApi(running, 'bob');
  const alicePrimary = await primaryOf(alice);
  await alice.post(`calendars/${alicePrimary}/events`, { summary: 'Design review', ...timed(wallAt(monday, 2, '14:00'), 60) });
  await alice.post(`calendars/${alicePrimary}/events`, { summary: 'Standup', recurrence: 'FREQ=DAILY;COUNT=5', ...timed(wallAt(monday, 0, '09:30'), 30) });
  await bob.post(`calendars/${await primaryOf(bob)}/events`, { summary: 'Bob focus time', ...timed(wallAt(monday, 3, '10:00'), 120) });
  const friday = dateOf(monday + 4 * DAY);
  await (await tenantApi(running)).post('timeoff_events?user_id_type=user_id', { user_id: 'alice', timezone: ZONE, start_time: friday, end_time: friday });
  await (await userApi(running, 'carol')).post('calendars', { summary: 'Team Offsite', permissions: 'public' });
}

/** A tiny seeded PRNG (mulberry32): the same data every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The busy user's year; returns the number of occurrences written. */
export async function seedBusy(running: Running): Promise<number> {
  const first = thisMonday() - WEEKS_BACK * WEEK;
  const api = await userApi(running, BUSY.userId);
  const primary = await primaryOf(api);
  const leave = ((await api.post('calendars', { summary: 'Holidays & leave', permissions: 'private', color: -14222653 })).calendar as { calendar_id: string }).calendar_id;
  const next = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const bodies: Array<[string, Body]> = SERIES.map((s) => [primary, { summary: s.summary, recurrence: s.rule, ...timed(wallAt(first, s.day, s.at), s.minutes) }]);
  for (let i = 0; i < ONE_OFF; i++) {
    const day = Math.floor(next() * WEEKS) * 7 + Math.floor(next() * 5);
    const start = wallAt(first, day, `${String(8 + Math.floor(next() * 10)).padStart(2, '0')}:${pick(['00', '30'])}`);
    bodies.push([primary, { summary: `${pick(TOPICS)} #${i}`, description: 'Agenda in the doc.', ...timed(start, pick([30, 45, 60, 90])) }]);
  }
  for (let i = 0; i < ALL_DAY; i++) {
    const start = first + Math.floor(next() * WEEKS * 7) * DAY;
    const days = 1 + Math.floor(next() * 3);
    bodies.push([leave, { summary: `${pick(LEAVES)} ${i}`, start_time: { date: dateOf(start) }, end_time: { date: dateOf(start + (days - 1) * DAY) } }]);
  }
  await inParallel(bodies, 8, ([calendar, body]) => api.post(`calendars/${calendar}/events`, body));
  return bodies.length - SERIES.length + SERIES.reduce((n, s) => n + s.count, 0);
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  }));
}
