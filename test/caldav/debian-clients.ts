/**
 * Debian's CalDAV clients against a larkcal on a free port (issue #10 §4):
 * python3-caldav (make a calendar, save events, search by date, edit, delete),
 * vdirsyncer (sync both ways, an edit on each side) and litmus (`basic` and
 * `props` against a calendar collection, results printed).
 *
 *   node --import tsx test/caldav/debian-clients.ts [--dialect postgres] [--only python,vdirsyncer,litmus]
 *
 * Runs Debian's own /usr/bin/python3 and /usr/bin/vdirsyncer (not a pyenv on
 * PATH). Exits 1 when python3-caldav or vdirsyncer fails a step, or litmus
 * fails a test not in LITMUS_REFUSALS (what a calendar collection may refuse
 * of plain WebDAV, each with its reason). Skips a client that is not
 * installed, saying so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as lark from '@larksuiteoapi/node-sdk';
import { TokenService } from '../../src/core/tenancy/tokens.js';
import type { Dialect } from '../support/database.js';
import { APPS } from '../support/fixture.js';
import { startSandbox, type Sandbox } from '../support/sandbox.js';

const PYTHON = '/usr/bin/python3';
const VDIRSYNCER = '/usr/bin/vdirsyncer';
const LITMUS = '/usr/bin/litmus';
const HERE = fileURLToPath(new URL('.', import.meta.url));

interface Run { code: number; stdout: string; stderr: string }

/** A child process to its end, never blocking this process's event loop (larkcal serves from it). */
function run(file: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env: { ...process.env, ...options.env }, ...(options.cwd && { cwd: options.cwd }), timeout: options.timeoutMs ?? 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

interface Credentials { user: string; password: string; server: string }

async function credentialsFor(sandbox: Sandbox, userId: string, device: string): Promise<{ credentials: Credentials; token: string }> {
  const app = (await sandbox.store.tenancy.getApp(APPS.full.app_id))!;
  const user = (await sandbox.store.tenancy.findUserByUserId(app.tenantKey, userId))!;
  const token = (await new TokenService(sandbox.store, sandbox.clock).issueUserToken(app, user.ref, app.scopes)).accessToken.value;
  const answer = await sandbox.client().calendar.v4.setting.generateCaldavConf({ data: { device_name: device } }, lark.withUserAccessToken(token));
  const d = answer.data!;
  return { credentials: { user: d.user_name!, password: d.password!, server: d.server_address! }, token };
}

async function pythonCaldav(sandbox: Sandbox): Promise<void> {
  const { credentials } = await credentialsFor(sandbox, 'alice', 'python3-caldav');
  // What a user types: the server address; discovery goes on from there (RFC 6764).
  const r = await run(PYTHON, [join(HERE, 'debian-python-caldav.py'), `${credentials.server}/dav/`, credentials.user, credentials.password]);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  console.log(`python3-caldav: exit ${r.code}\n  ${last}`);
  if (r.code !== 0) throw new Error(`python3-caldav failed:\n${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(last) as Record<string, unknown>;
  assert.deepEqual(result.week, ['Python one', 'Python two'], 'date_search of the week');
  assert.deepEqual(result.all, ['Python later', 'Python one', 'Python two']);
  assert.equal(result.edited, 'Python one (edited)');
  assert.deepEqual(result.after_delete, ['Python later', 'Python one (edited)']);
  console.log(`python3-caldav: ok (MKCALENDAR's own URL kept by larkcal: ${result.made_url_kept})`);
}

async function vdirsyncer(sandbox: Sandbox): Promise<void> {
  const { credentials, token } = await credentialsFor(sandbox, 'bob', 'vdirsyncer');
  const user = lark.withUserAccessToken(token);
  const api = sandbox.client().calendar.v4;
  const primary = (await api.calendar.primary({}, user)).data!.calendars![0]!.calendar!.calendar_id!;
  const created = await api.calendarEvent.create({
    path: { calendar_id: primary },
    data: { summary: 'From REST', start_time: { timestamp: '1773651600' }, end_time: { timestamp: '1773655200' } },
  }, user);
  const eventId = created.data!.event!.event_id!;
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-vdirsyncer-'));
  try {
    const config = join(dir, 'config');
    writeFileSync(config, [
      '[general]', `status_path = "${join(dir, 'status')}/"`, '',
      '[pair bob]', 'a = "bob_local"', 'b = "bob_larkcal"', 'collections = ["from b"]', 'conflict_resolution = "b wins"', '',
      '[storage bob_local]', 'type = "filesystem"', `path = "${join(dir, 'calendars')}/"`, 'fileext = ".ics"', '',
      '[storage bob_larkcal]', 'type = "caldav"', `url = "${credentials.server}/"`, `username = "${credentials.user}"`, `password = "${credentials.password}"`, '',
    ].join('\n'));
    const vds = async (...args: string[]) => {
      const r = await run(VDIRSYNCER, ['-c', config, ...args], { input: 'y\n'.repeat(20) });
      if (r.code !== 0) throw new Error(`vdirsyncer ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
      return r;
    };
    await vds('discover');
    await vds('sync');
    const files = () => readdirSync(join(dir, 'calendars'), { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.ics')).map((f) => join(f.parentPath, f.name));
    const fileWith = (needle: string) => files().find((f) => readFileSync(f, 'utf8').includes(needle));
    const local = fileWith('SUMMARY:From REST');
    assert.ok(local, `the REST event reached the local folder (${files().length} files)`);
    console.log(`vdirsyncer: synced ${files().length} objects down`);

    // An edit on the local side reaches REST.
    writeFileSync(local, readFileSync(local, 'utf8').replace('SUMMARY:From REST', 'SUMMARY:Edited locally'));
    await vds('sync');
    const afterLocal = await api.calendarEvent.get({ path: { calendar_id: primary, event_id: eventId } }, user);
    assert.equal(afterLocal.data!.event!.summary, 'Edited locally');

    // An edit over REST reaches the local file.
    await api.calendarEvent.patch({ path: { calendar_id: primary, event_id: eventId }, data: { summary: 'Edited over REST' } }, user);
    await vds('sync');
    assert.ok(fileWith('SUMMARY:Edited over REST'), 'the REST edit reached the local file');

    // New local objects appear over REST. vdirsyncer names an upload after its UID only when the UID
    // is all [a-z0-9_.+-] (vdirsyncer/utils.py generate_href); otherwise it picks a random UUID name,
    // which RFC 4791 §5.3.2 lets a client do.
    const folder = join(local, '..');
    const addLocal = (uid: string, summary: string) => writeFileSync(join(folder, `${uid.replace(/[^A-Za-z0-9]/g, '_')}.ics`), [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//larkcal tests//vdirsyncer//EN', 'BEGIN:VEVENT', `UID:${uid}`,
      'DTSTAMP:20260101T000000Z', 'DTSTART:20260317T090000Z', 'DTEND:20260317T100000Z', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n'));
    const listedSummaries = async () => {
      const listed = await api.calendarEvent.list({ path: { calendar_id: primary }, params: { start_time: '1773619200', end_time: '1773878400' } }, user);
      return (listed.data!.items ?? []).map((e) => e.summary);
    };
    addLocal('vdir-new-1', 'Made in the folder');
    await vds('sync');
    assert.ok((await listedSummaries()).includes('Made in the folder'), 'the local object reached REST');
    addLocal('vdir-new-2@larkcal.test', 'Made in the folder, UID with @');
    await vds('sync');
    assert.ok((await listedSummaries()).includes('Made in the folder, UID with @'), 'the local object with an @ in its UID reached REST');
    console.log('vdirsyncer: ok (REST → local, local edit → REST, REST edit → local, local new → REST)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * litmus' failures a calendar server may have, each with its reason; any other
 * failure fails the run. litmus runs at the calendar home, where its MKCOL
 * makes a calendar: inside a calendar collection it cannot begin, as a
 * calendar holds no collections (RFC 4791 §4.2; MKCOL there is 403).
 */
const LITMUS_REFUSALS: Record<string, string> = {
  put_get: 'PUT of a non-iCalendar body into a calendar collection is 415 supported-calendar-data (RFC 4791 §5.3.2.1)',
  put_get_utf8_segment: 'the same: a plain-text PUT into a calendar collection is 415',
  delete_fragment: 'needs a plain collection inside the calendar collection, which RFC 4791 §4.2 forbids (403)',
  mkcol: 'MKCOL of a collection inside a calendar collection is 403 calendar-collection-location-ok (RFC 4791 §4.2)',
  propinit: 'makes its resource by a plain-text PUT, refused with 415 (RFC 4791 §5.3.2.1)',
  propmanyns: 'PROPPATCH on the resource propinit could not make: 404',
};

async function litmus(sandbox: Sandbox): Promise<void> {
  const { credentials } = await credentialsFor(sandbox, 'carol', 'litmus');
  const url = `${credentials.server}/dav/calendars/carol/`;
  const unexpected: string[] = [];
  // litmus writes its debug.log into the working directory: a temporary one, not the checkout.
  const cwd = mkdtempSync(join(tmpdir(), 'larkcal-litmus-'));
  for (const suite of ['basic', 'props']) {
    const r = await run(LITMUS, [url, credentials.user, credentials.password], { env: { TESTS: suite }, timeoutMs: 300_000, cwd });
    console.log(`litmus ${suite} at the calendar home: exit ${r.code}`);
    for (const l of litmusLines(r.stdout)) {
      const failed = /^\d+\.\s(\S+?)\.+\s+FAIL/.exec(l);
      const reason = failed && LITMUS_REFUSALS[failed[1]!];
      console.log(`  ${l}${reason ? `\n     expected: ${reason}` : ''}`);
      if (failed && !reason) unexpected.push(`${suite}/${failed[1]}`);
    }
  }
  rmSync(cwd, { recursive: true, force: true });
  if (unexpected.length > 0) throw new Error(`litmus failures without a reason: ${unexpected.join(', ')}`);
  console.log('litmus: ok (every failure is a refusal listed with its reason)');
}

/** litmus' per-test lines (`12. propset.............. pass`) and its summary, without the progress echo. */
function litmusLines(stdout: string): string[] {
  return stdout.replace(/\r/g, '\n').split('\n').map((l) => l.trim())
    .filter((l) => /^\d+\.\s\S+\.*\s+(pass|FAIL|WARNING|SKIPPED)/.test(l) || l.startsWith('<- summary') || l.startsWith('WARNING:') || l.startsWith('...'))
    .map((l) => l.replace(/^(\d+\.\s\S+?\.+)\s+\1\s*/, '$1 '));
}

const CLIENTS = { python: [PYTHON, pythonCaldav], vdirsyncer: [VDIRSYNCER, vdirsyncer], litmus: [LITMUS, litmus] } as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dialect: { type: 'string' }, only: { type: 'string' } } });
  const dialect = (values.dialect ?? 'sqlite') as Dialect;
  const only = values.only?.split(',') ?? Object.keys(CLIENTS);
  const sandbox = await startSandbox({ dialect });
  console.log(`larkcal on ${sandbox.url} (${dialect})`);
  let failed = false;
  try {
    for (const name of only) {
      const entry = CLIENTS[name as keyof typeof CLIENTS];
      if (!entry) throw new Error(`unknown client ${name}; one of ${Object.keys(CLIENTS).join(', ')}`);
      const [binary, check] = entry;
      if (!existsSync(binary)) {
        console.log(`${name}: skipped, ${binary} is not installed (apt-get install ${name === 'python' ? 'python3-caldav' : name})`);
        continue;
      }
      try {
        await check(sandbox);
      } catch (error) {
        failed = true;
        console.log(`${name}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await sandbox.close();
  }
  process.exit(failed ? 1 : 0);
}

await main();
