/**
 * `npm run bench -- --only availability`: free/busy list and batch, suggestion
 * and room_find over the data set of availability-data.ts, at each scale asked
 * for (`--scale 1,10`: 100k and 1M events), one connection each (the issue sets
 * p99 targets only), then the growth of p99 from the smallest to the largest
 * scale (target: within 2×). Before each scale's runs, the query plans of the
 * hot queries, which must search an index, never scan.
 *
 * Each scenario cycles through 256 different bodies (users and windows drawn
 * over the whole year from a seeded generator), so neither SQLite's page cache
 * nor the week memo of recurrence/expand.ts sees one question over and over.
 *
 * A data set takes a while to write (40 s at 100k, a quarter of an hour at 1M), so it is kept in
 * the system's temporary folder, named after the scale and a hash of the
 * generator and the migrations (a changed one writes a new data set).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'autocannon';
import {
  CompiledQuery, DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Kysely as KyselyType,
} from 'kysely';
import { systemClock, type Store } from '../src/core/ports.js';
import { loadFixture } from '../src/core/tenancy/seed.js';
import { buildServer } from '../src/server.js';
import { openStore } from '../src/storage/store.js';
import { KyselyAttendeeRepository } from '../src/storage/repositories/attendee.repository.js';
import { KyselyCalendarRepository } from '../src/storage/repositories/calendar.repository.js';
import { KyselyEventRepository } from '../src/storage/repositories/event.repository.js';
import type { Database } from '../src/storage/tables.js';
import { tenantToken } from '../test/support/http.js';
import {
  AVAILABILITY_APP, AVAILABILITY_TENANT, EVENTS_PER_SCALE, USERS_PER_SCALE, YEAR_DAYS, YEAR_START,
  availabilityFixture, generateAvailabilityData, random, type AvailabilityData,
} from './availability-data.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MIGRATIONS = join(HERE, '..', 'src', 'storage', 'migrations');
const migrationFiles = () => readdirSync(MIGRATIONS).sort().map((name) => join(MIGRATIONS, name));
const DAY = 86400;
const BODIES = 256;

export interface AvailabilityScenario {
  name: string;
  options: Omit<Options, 'connections' | 'duration' | 'workers'>;
  p99Target: number;
  connections: 1;
}

interface Measured { scenario: { name: string; p99Target?: number }; result: { latency: { p50: number; p99: number } } }

const rfc3339 = (ts: number) => `${new Date((ts + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;

/** Opens the data set of `scale`, writing it first when no kept copy exists. */
export async function openDataSet(scale: number, log: (line: string) => void): Promise<{ store: Store; data: AvailabilityData; file: string }> {
  // A changed generator or schema writes a new data set.
  const hash = createHash('sha256');
  for (const source of [join(HERE, 'availability-data.ts'), join(HERE, 'bulk-writer.ts'), ...migrationFiles()]) hash.update(readFileSync(source));
  const file = join(tmpdir(), 'larkcal-bench-availability', `scale${scale}-${hash.digest('hex').slice(0, 12)}.db`);
  if (!existsSync(file)) {
    const partial = `${file}.partial`;
    for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
    mkdirSync(dirname(file), { recursive: true });
    log(`writing the availability data set, scale ${scale} (${USERS_PER_SCALE * scale} users, ${EVENTS_PER_SCALE * scale} events) to ${file} …`);
    const store = await openStore({ dialect: 'sqlite', file: partial });
    await loadFixture(store, availabilityFixture(scale), systemClock);
    const data = await generateAvailabilityData(store, partial, scale, log);
    writeFileSync(`${file}.json`, JSON.stringify(data));
    renameSync(partial, file);
  }
  const data = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as AvailabilityData;
  return { store: await openStore({ dialect: 'sqlite', file }), data, file };
}

/** 256 bodies per scenario, drawn over the whole year and every user of the scale. */
export function availabilityScenarios(base: string, headers: Record<string, string>, scale: number): AvailabilityScenario[] {
  const rnd = random(7 + scale);
  const users = USERS_PER_SCALE * scale;
  const user = () => `av${Math.floor(rnd() * users)}`;
  const tenUsers = () => { const s = new Set<string>(); while (s.size < 10) s.add(user()); return [...s]; };
  const day = (span: number) => YEAR_START + Math.floor(rnd() * (YEAR_DAYS - span)) * DAY;
  const many = (make: () => object) => Array.from({ length: BODIES }, () => JSON.stringify(make()));
  const scenario = (name: string, path: string, bodies: string[], p99Target: number): AvailabilityScenario => ({
    name: `${name} @${scale * 100}k`, p99Target, connections: 1,
    options: {
      url: `${base}/open-apis/calendar/v4/freebusy/${path}`, method: 'POST', headers, body: bodies[0]!,
      requests: bodies.map((body) => ({ method: 'POST', body })),
    },
  });
  return [
    scenario('freebusy/list 1 user 7 d', 'list?user_id_type=user_id', many(() => {
      const from = day(7);
      return { time_min: rfc3339(from), time_max: rfc3339(from + 7 * DAY), user_id: user() };
    }), 5),
    scenario('freebusy/batch 10 users 14 d', 'batch?user_id_type=user_id', many(() => {
      const from = day(14);
      return { time_min: rfc3339(from), time_max: rfc3339(from + 14 * DAY), user_ids: tenUsers() };
    }), 25),
    scenario('suggestion 10 users 5 work days', 'suggestion?user_id_type=user_id', many(() => {
      // YEAR_START is a Monday: Monday 00:00 to Saturday 00:00 of a week.
      const monday = YEAR_START + Math.floor(rnd() * 51) * 7 * DAY;
      return {
        search_start_time: rfc3339(monday), search_end_time: rfc3339(monday + 5 * DAY), timezone: 'Asia/Shanghai',
        duration_minutes: 60, attendee_user_ids: tenUsers(),
      };
    }), 50),
    scenario('room_find 20 rooms 1 h', 'room_find', many(() => {
      const weekday = Math.floor(rnd() * 52) * 7 + Math.floor(rnd() * 5);
      const start = YEAR_START + weekday * DAY + (9 + Math.floor(rnd() * 8)) * 3600;
      return { event_start_time: rfc3339(start), event_end_time: rfc3339(start + 3600), timezone: 'Asia/Shanghai' };
    }), 30),
  ];
}

/**
 * The SQL the repositories send for the hot reads, compiled on a driver that
 * runs nothing, then `EXPLAIN QUERY PLAN` of each on the real database.
 */
export async function explainHotQueries(store: Store, userId: string): Promise<{ text: string; scans: number }> {
  const db = (store as unknown as { db: KyselyType<Database> }).db;
  const user = await store.tenancy.findUserByUserId(AVAILABILITY_TENANT, userId);
  const calendar = user && (await store.calendars.primaryOf(`user:${user.ref}`));
  const room = (await store.tenancy.listRooms(AVAILABILITY_TENANT))[0];
  if (!user || !calendar || !room) throw new Error('availability data set incomplete');
  const from = YEAR_START + 100 * DAY;
  const to = from + 14 * DAY;
  const events = (await store.events.listOverlapping(calendar.calendarId, from, to)).map((p) => p.event);
  const ids = events.map((e) => e.eventId);
  const uids = [...new Set(events.filter((e) => e.recurrence && !e.isException).map((e) => e.seriesId))];

  const captured: CompiledQuery[] = [];
  const dry = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k), createQueryCompiler: () => new SqliteQueryCompiler(),
    },
    log: (event) => { captured.push(event.query); },
  });
  const queries: Array<[string, () => Promise<unknown>]> = [
    ['placements range (listOverlapping, user calendar, 14 d)', () => new KyselyEventRepository(dry).listOverlapping(calendar.calendarId, from, to)],
    ['placements range (listOverlapping, room calendar, 1 h)', () => new KyselyEventRepository(dry).listOverlapping(room.calendarId, from + 10 * 3600, from + 11 * 3600)],
    [`exception slots (exceptionSlotsOf, ${uids.length} series)`, () => new KyselyEventRepository(dry).exceptionSlotsOf(uids.slice(0, 500))],
    ['exceptions of one series (exceptionsOf, room_find)', () => new KyselyEventRepository(dry).exceptionsOf(uids[0] ?? '')],
    ['placements range with own reply and mark (listBusyCandidates, user calendar, 14 d)', () => new KyselyEventRepository(dry).listBusyCandidates(calendar.calendarId, from, to, { ref: user.ref, identity: `user:${user.ref}` })],
    [`chat replies (attendees.chatMembershipsIn, ${ids.length} events)`, () => new KyselyAttendeeRepository(dry, false).chatMembershipsIn(user.ref, ids.slice(0, 500))],
    ['room bookings (attendees.roomsOf)', () => new KyselyAttendeeRepository(dry, false).roomsOf(ids.slice(0, 500))],
    ['primary calendar (calendars.primaryOf)', () => new KyselyCalendarRepository(dry).primaryOf(`user:${user.ref}`)],
  ];
  const lines: string[] = [];
  let scans = 0;
  for (const [label, run] of queries) {
    captured.length = 0;
    await run();
    for (const query of captured) {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${query.sql}`, [...query.parameters]));
      lines.push(`  ${label}`);
      for (const row of plan.rows) {
        // A scan of a table is the failure; SQLite's temp b-tree for ORDER BY after an index search is not.
        const scan = /^SCAN /.test(row.detail) && !/USING (COVERING )?INDEX|CONSTANT ROW/.test(row.detail);
        if (scan) scans++;
        lines.push(`    ${scan ? '!! ' : ''}${row.detail}`);
      }
    }
  }
  return { text: lines.join('\n'), scans };
}

async function listen(app: Awaited<ReturnType<typeof buildServer>>): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

/** Every scale in turn: data set, plans, then the four scenarios through `measure`. */
export async function runAvailability<M extends Measured>(scales: readonly number[], measure: (s: AvailabilityScenario) => Promise<M>): Promise<M[]> {
  const measured: M[] = [];
  for (const scale of scales) {
    const { store, data, file } = await openDataSet(scale, (line) => console.error(line));
    const server = await buildServer({ store, clock: systemClock, rateLimit: false, logLevel: 'silent' });
    try {
      const c = data.counts;
      console.log(`\navailability data set, scale ${scale}: ${data.userIds.length} users, ${data.roomIds.length} rooms, ${c.events} events (${c.series} series, ${c.exceptions} exceptions), `
        + `${c.placements} placements, ${c.attendees} attendees, ${c.roomBookings} room bookings; written in ${data.seconds.toFixed(0)} s (${file})`);
      const plans = await explainHotQueries(store, data.userIds[0]!);
      console.log(`query plans (EXPLAIN QUERY PLAN, scale ${scale}):\n${plans.text}`);
      if (plans.scans > 0) console.log(`  !! ${plans.scans} plan step(s) scan a table`);
      const base = await listen(server);
      const token = await tenantToken(base, AVAILABILITY_APP.app_id, AVAILABILITY_APP.app_secret);
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=utf-8' };
      for (const scenario of availabilityScenarios(base, headers, scale)) {
        console.error(`running ${scenario.name} …`);
        measured.push(await measure(scenario));
      }
    } finally {
      await server.close();
      await store.close();
    }
  }
  return measured;
}

/** p99 at the largest scale over p99 at the smallest, per scenario: within 2× (the issue). */
export function availabilityGrowth(measured: readonly Measured[], scales: readonly number[]): { text: string; met: boolean } {
  if (scales.length < 2) return { text: '', met: true };
  const [small, large] = [Math.min(...scales), Math.max(...scales)];
  const at = (label: string, scale: number) => measured.find((m) => m.scenario.name === `${label} @${scale * 100}k`);
  const lines = [`growth ${small * 100}k → ${large * 100}k events (p99; target within 2×):`];
  let met = true;
  for (const m of measured) {
    const label = m.scenario.name.replace(/ @\d+k$/, '');
    if (m.scenario.name !== `${label} @${small * 100}k`) continue;
    const big = at(label, large);
    if (!big) continue;
    const ratio = big.result.latency.p99 / Math.max(m.result.latency.p99, 1);
    met &&= ratio <= 2;
    lines.push(`  ${ratio <= 2 ? 'PASS' : 'MISS'}  ${label}: p99 ${m.result.latency.p99} → ${big.result.latency.p99} ms (${ratio.toFixed(2)}×); p50 ${m.result.latency.p50} → ${big.result.latency.p50} ms`);
  }
  return { text: lines.join('\n'), met };
}
