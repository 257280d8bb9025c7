/**
 * SIGTERM under load (issue #16 §4): a real `larkcal serve` stops accepting,
 * answers what is in flight and what arrives on open keep-alive connections,
 * and exits 0. Sixteen keep-alive clients write and read the whole time; not
 * one request is reset or answered 5xx. Once the server has closed, a new
 * connection is refused — the client knows nothing was done, and a load
 * balancer sends it elsewhere.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openStore } from '../../src/storage/store.js';
import { APPS, testFixture } from '../support/fixture.js';
import { tenantToken } from '../support/http.js';
import { serve, writeFixture } from './larkcal-process.js';

const CLIENTS = 16;

interface Outcome { status?: number; error?: string; body?: string }

function call(agent: http.Agent, url: URL, method: string, token: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(url, { agent, method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode, body: text }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(body);
  });
}

describe('larkcal serve and SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'larkcal-drain-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('under load: zero requests reset or lost, every acknowledged write kept, exit 0', async () => {
    const db = join(dir, 'drain.db');
    const running = await serve(['--rate-limit', 'off', '--db', `sqlite:${db}`, '--seed', writeFixture(dir, 'fixture.json', testFixture())]);
    const token = await tenantToken(running.url, APPS.full.app_id, APPS.full.app_secret);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    const outcomes: Outcome[] = [];
    const acked: string[] = [];
    let signalled = false;
    const client = async (n: number) => {
      for (let i = 0; ; i++) {
        const write = i % 2 === 0;
        const outcome = write
          ? await call(agent, new URL('/open-apis/calendar/v4/calendars', running.url), 'POST', token, JSON.stringify({ summary: `c${n}-${i}` }))
          : await call(agent, new URL('/open-apis/calendar/v4/calendars?page_size=50', running.url), 'GET', token);
        outcomes.push(outcome);
        if (write && outcome.status === 200) acked.push(JSON.parse(outcome.body!).data.calendar.calendar_id);
        // Refused: the server has closed. Each client stops at its first refusal after the signal.
        if (outcome.error === 'ECONNREFUSED' && signalled) return;
        if (outcome.error && !signalled) throw new Error(`error before the signal: ${outcome.error}`);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, n) => client(n));
    // Every client under way, however slow the machine.
    const deadline = Date.now() + 30_000;
    while (outcomes.length < 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const before = outcomes.length;
    signalled = true;
    running.child.kill('SIGTERM');
    await Promise.all(clients);
    const exited = await running.exited;
    agent.destroy();

    const answered = outcomes.filter((o) => o.status !== undefined);
    const errors = outcomes.filter((o) => o.error !== undefined);
    assert.ok(before >= 200, `only ${before} requests before the signal`);
    assert.ok(answered.length > before, 'requests were answered during the drain');
    assert.deepEqual(answered.filter((o) => o.status! >= 500).map((o) => o.status), [], 'answered 5xx');
    assert.deepEqual(answered.filter((o) => o.status !== 200).map((o) => o.body), []);
    assert.deepEqual(errors.filter((o) => o.error !== 'ECONNREFUSED').map((o) => o.error), [], 'reset or lost');
    assert.equal(exited.code, 0, exited.stderr);
    assert.match(exited.stdout, /SIGTERM: finishing in-flight requests/);

    const store = await openStore({ dialect: 'sqlite', file: db });
    try {
      const missing = [];
      for (const id of acked) if (!(await store.calendars.get(id))) missing.push(id);
      assert.deepEqual(missing, [], `${missing.length} of ${acked.length} acknowledged writes lost`);
    } finally {
      await store.close();
    }
  });
});
