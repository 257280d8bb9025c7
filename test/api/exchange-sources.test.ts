/**
 * The fixture's three kinds of mailbox source, read for real (issue #11 §1):
 * a file named relative to the fixture file, an http(s) URL serving
 * iCalendar (a small local server), and a CalDAV collection with Basic
 * credentials (Debian's Radicale on a free port; skipped when it is missing).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FixtureMailboxReader } from '../../src/adapters/exchange/fixture-reader.js';
import { MailboxUnreadable } from '../../src/core/exchange/ports.js';
import { parseFixture } from '../../src/core/tenancy/fixture.js';
import { ics } from './exchange-ics.js';

const START = Date.UTC(2026, 3, 1, 9) / 1000;
const ONE = ics([{ uid: 'one@ex', summary: 'One', start: START, end: START + 3600 }], 'Mailbox');
const reader = new FixtureMailboxReader();
const summaries = (calendar: Awaited<ReturnType<FixtureMailboxReader['read']>>) => calendar.events.map((e) => `${e.uid}:${e.summary}`).sort();

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('exchange mailbox sources', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'larkcal-sources-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a file source is named relative to the fixture file, and read from there', async () => {
    mkdirSync(join(dir, 'fixtures'));
    writeFileSync(join(dir, 'fixtures', 'alice.ics'), ONE);
    const fixture = parseFixture(JSON.stringify({
      tenants: [{ name: 'Acme', exchange: { admin_accounts: ['admin@ex.example'], accounts: { 'alice@ex.example': { ics: './fixtures/alice.ics' } } } }],
    }), { baseDir: dir });
    const mailbox = fixture.tenants[0]!.exchange!.accounts!['alice@ex.example']!;
    assert.deepEqual(mailbox, { ics: join(dir, 'fixtures', 'alice.ics') });
    const calendar = await reader.read({ kind: 'file', path: mailbox.ics! });
    assert.equal(calendar.name, 'Mailbox');
    assert.deepEqual(summaries(calendar), ['one@ex:One']);
    assert.deepEqual(calendar.events[0]!.start, { kind: 'timed', ts: START, tz: 'UTC' });
  });

  test('an empty calendar is an empty mailbox; a missing file or text that is not iCalendar is unreadable', async () => {
    writeFileSync(join(dir, 'empty.ics'), ics([]));
    assert.deepEqual(await reader.read({ kind: 'file', path: join(dir, 'empty.ics') }), { name: undefined, events: [] });
    await assert.rejects(reader.read({ kind: 'file', path: join(dir, 'nope.ics') }), (e: unknown) => e instanceof MailboxUnreadable && /ENOENT/.test(e.message));
    writeFileSync(join(dir, 'junk.ics'), 'BEGIN:VCALENDAR\r\nnot really\r\n');
    await assert.rejects(reader.read({ kind: 'file', path: join(dir, 'junk.ics') }), (e: unknown) => e instanceof MailboxUnreadable && /not iCalendar/.test(e.message));
  });

  describe('an http(s) URL serving iCalendar', () => {
    let server: Server;
    let base = '';
    const seen: Array<string | undefined> = [];
    before(async () => {
      server = createServer((req, res) => {
        seen.push(req.headers.authorization);
        if (req.url === '/alice.ics') res.writeHead(200, { 'content-type': 'text/calendar' }).end(ONE);
        else res.writeHead(404).end('not here');
      });
      base = `http://127.0.0.1:${await listening(server)}`;
    });
    after(() => new Promise((resolve) => server.close(resolve)));

    test('is fetched with GET, with Basic credentials when given', async () => {
      assert.deepEqual(summaries(await reader.read({ kind: 'http', url: `${base}/alice.ics` })), ['one@ex:One']);
      await reader.read({ kind: 'http', url: `${base}/alice.ics`, username: 'alice', password: 's3cret' });
      assert.deepEqual(seen.slice(-2), [undefined, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`]);
    });

    test('an answer other than 200, or no server at all, is unreadable with the reason', async () => {
      await assert.rejects(reader.read({ kind: 'http', url: `${base}/missing.ics` }), /answered HTTP 404, not 200/);
      await assert.rejects(reader.read({ kind: 'http', url: `http://127.0.0.1:${await freePort()}/x.ics` }), (e: unknown) => e instanceof MailboxUnreadable && /GET .* failed/.test(e.message));
    });
  });

  const radicale = spawnSync('/usr/bin/python3', ['-m', 'radicale', '--version'], { encoding: 'utf8' });
  describe('a CalDAV collection (Radicale)', { skip: radicale.status === 0 ? false : 'Radicale is not installed (apt-get install radicale)' }, () => {
    let process: ChildProcess | undefined;
    let base = '';
    const auth = { authorization: `Basic ${Buffer.from('bob:bob-pw').toString('base64')}` };
    before(async () => {
      const folder = join(dir, 'radicale');
      mkdirSync(folder);
      writeFileSync(join(dir, 'users'), 'bob:bob-pw\n');
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      process = spawn('/usr/bin/python3', ['-m', 'radicale', '--server-hosts', `127.0.0.1:${port}`, '--storage-filesystem-folder', folder,
        '--auth-type', 'htpasswd', '--auth-htpasswd-filename', join(dir, 'users'), '--auth-htpasswd-encryption', 'plain', '--rights-type', 'owner_only'], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        try {
          await fetch(`${base}/`);
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const made = await fetch(`${base}/bob/calendar/`, { method: 'MKCALENDAR', headers: auth });
      assert.equal(made.status, 201);
      for (const [name, uid, summary, offset] of [['a.ics', 'a@ex', 'Alpha', 0], ['b.ics', 'b@ex', 'Beta', 7200]] as const) {
        const put = await fetch(`${base}/bob/calendar/${name}`, { method: 'PUT', headers: { ...auth, 'content-type': 'text/calendar' }, body: ics([{ uid, summary, start: START + offset, end: START + offset + 3600 }]) });
        assert.equal(put.status, 201);
      }
    });
    after(() => {
      process?.kill();
    });

    test('one calendar-query REPORT reads every resource, with Basic credentials', async () => {
      const calendar = await reader.read({ kind: 'caldav', url: `${base}/bob/calendar/`, username: 'bob', password: 'bob-pw' });
      assert.deepEqual(summaries(calendar), ['a@ex:Alpha', 'b@ex:Beta']);
    });

    test('wrong credentials are unreadable, naming the status', async () => {
      await assert.rejects(reader.read({ kind: 'caldav', url: `${base}/bob/calendar/`, username: 'bob', password: 'wrong' }), /REPORT .* answered HTTP 401, not 207/);
    });
  });
});
