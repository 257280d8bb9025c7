/**
 * The seam between adapters (issue #8): each one owns its prefix, with its own
 * routes, body parsers, error handler and 404. Stand-ins here play the later
 * adapters — a DAV-flavoured one at the root, an admin one at `/_larkcal` —
 * next to the Open API at `/open-apis`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import { loadFixture } from '../../src/core/tenancy/seed.js';
import { buildServer, type Adapter } from '../../src/server.js';
import { openStore } from '../../src/storage/store.js';
import { DIALECTS, freshDatabase, type Dialect } from '../support/database.js';
import { APPS, testFixture } from '../support/fixture.js';
import { raw, tenantToken } from '../support/http.js';
import { TestClock } from '../support/server.js';

const XML = 'application/xml; charset=utf-8';
const davError = (condition: string) => `<?xml version="1.0" encoding="utf-8"?><d:error xmlns:d="DAV:"><d:${condition}/></d:error>`;

/** Serves `/` and `/.well-known/caldav`, and answers every failure in DAV XML. */
const davLike: Adapter = {
  plugin: async (app) => {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><title>larkcal</title>'));
    // RFC 6764 §5: the well-known URI redirects to the context path.
    app.get('/.well-known/caldav', async (_request, reply) => reply.redirect('/dav/', 301));
    app.post('/dav/echo', async (request) => request.body);
    app.get('/dav/boom', async () => {
      throw new Error('boom');
    });
    app.setErrorHandler(async (error: { statusCode?: number }, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? 400 : 500;
      return reply.code(status).type(XML).send(davError(status === 400 ? 'bad-request' : 'internal'));
    });
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).type(XML).send(davError('resource-must-exist')));
  },
};

/** Owns `/_larkcal` only: the root's unknown paths stay the gateway's. */
const adminLike: Adapter = {
  prefix: '/_larkcal',
  plugin: async (app) => {
    app.get('/clock', async () => ({ now: 0 }));
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: 'not found' }));
  },
};

async function serve(dialect: Dialect, adapters: Adapter[]) {
  const database = await freshDatabase(dialect);
  const store = await openStore(database.url);
  const clock = new TestClock();
  await loadFixture(store, testFixture(), clock);
  const app: FastifyInstance = await buildServer({ store, clock, rateLimit: false, logLevel: 'silent', adapters });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const close = async () => {
    await app.close();
    await store.close();
    await database.drop();
  };
  return { url, close };
}

const GATEWAY_404 = { status: 404, type: 'text/plain; charset=utf-8', text: '404 page not found' };
const answer = (r: { status: number; headers: Headers; text: string }) => ({ status: r.status, type: r.headers.get('content-type'), text: r.text });
const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

for (const dialect of DIALECTS) {
  describe(`adapter seams: an adapter at the root next to the Open API (${dialect})`, () => {
    let server: Awaited<ReturnType<typeof serve>>;
    before(async () => {
      server = await serve(dialect, [davLike]);
    });
    after(() => server.close());

    test('the root adapter serves / and /.well-known/caldav; the SDK still reaches the Open API', async () => {
      assert.deepEqual(answer(await raw(`${server.url}/`)), { status: 200, type: 'text/html; charset=utf-8', text: '<!doctype html><title>larkcal</title>' });
      const wellKnown = await fetch(`${server.url}/.well-known/caldav`, { redirect: 'manual' });
      assert.deepEqual([wellKnown.status, wellKnown.headers.get('location')], [301, '/dav/']);
      // With its cache off the SDK takes the token per call (its default cache is shared across servers).
      const client = new lark.Client({ appId: APPS.full.app_id, appSecret: APPS.full.app_secret, domain: server.url, logger: SILENT, disableTokenCache: true });
      const token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      const primary = await client.calendar.v4.calendar.primary({}, lark.withTenantToken(token));
      assert.equal(primary.code, 0);
      assert.equal(primary.data?.calendars?.[0]?.calendar?.type, 'primary');
      assert.deepEqual(answer(await raw(`${server.url}/healthz`)), { status: 200, type: 'application/json; charset=utf-8', text: '{"status":"ok"}' });
    });

    test('unknown paths: its own 404 outside /open-apis, Feishu\'s plain text inside', async () => {
      const dav404 = { status: 404, type: XML, text: davError('resource-must-exist') };
      assert.deepEqual(answer(await raw(`${server.url}/nope`)), dav404);
      assert.deepEqual(answer(await raw(`${server.url}/dav/nope/deeper`, { method: 'PROPFIND' })), dav404);
      assert.deepEqual(answer(await raw(`${server.url}/open-apisx`)), dav404);
      assert.deepEqual(answer(await raw(`${server.url}/dav/boom`, { method: 'POST' })), dav404);
      const token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      for (const [method, path] of [['GET', '/open-apis'], ['GET', '/open-apis/nope'], ['PUT', '/open-apis/calendar/v4/calendars'], ['PROPFIND', '/open-apis/calendar/v4/calendars']]) {
        assert.deepEqual(answer(await raw(`${server.url}${path}`, { method, token })), GATEWAY_404, `${method} ${path}`);
      }
    });

    test('a thrown error and a bad body answer in its dialect, never in the Feishu envelope', async () => {
      assert.deepEqual(answer(await raw(`${server.url}/dav/boom`)), { status: 500, type: XML, text: davError('internal') });
      assert.deepEqual(answer(await raw(`${server.url}/dav/echo`, { method: 'POST', body: '{bad' })), { status: 400, type: XML, text: davError('bad-request') });
    });

    test('the Open API\'s JSON parser stays inside it: an empty JSON body is `{}` there only', async () => {
      // Fastify's own parser refuses an empty JSON body; the Open API accepts it (the SDK sends one).
      assert.deepEqual(answer(await raw(`${server.url}/dav/echo`, { method: 'POST', body: '' })), { status: 400, type: XML, text: davError('bad-request') });
      assert.deepEqual(answer(await raw(`${server.url}/dav/echo`, { method: 'POST', body: '{"a":1}' })), { status: 200, type: 'application/json; charset=utf-8', text: '{"a":1}' });
      const token = await tenantToken(server.url, APPS.full.app_id, APPS.full.app_secret);
      const primary = await raw(`${server.url}/open-apis/calendar/v4/calendars/primary`, { method: 'POST', token, body: '' });
      assert.deepEqual([primary.status, primary.json.code], [200, 0]);
    });
  });

  describe(`adapter seams: with no adapter at the root, the root answers as Feishu's gateway (${dialect})`, () => {
    let server: Awaited<ReturnType<typeof serve>>;
    before(async () => {
      server = await serve(dialect, [adminLike]);
    });
    after(() => server.close());

    test('the prefixed adapter owns its paths and its 404; every other unknown path is the gateway\'s', async () => {
      assert.deepEqual(answer(await raw(`${server.url}/_larkcal/clock`)), { status: 200, type: 'application/json; charset=utf-8', text: '{"now":0}' });
      assert.deepEqual(answer(await raw(`${server.url}/_larkcal/nope`)), { status: 404, type: 'application/json; charset=utf-8', text: '{"error":"not found"}' });
      for (const path of ['/nope', '/.well-known/caldav', '/open-apis/nope', '/index.html']) assert.deepEqual(answer(await raw(`${server.url}${path}`)), GATEWAY_404, path);
      // `/` itself names the server until the web calendar takes it over (issue #12 §8.7).
      const root = answer(await raw(`${server.url}/`));
      assert.deepEqual([root.status, root.type], [200, 'text/html; charset=utf-8']);
      assert.match(root.text, /<h1>larkcal [\d.]+<\/h1>/);
      // Answered before the body is read: a malformed body on an unknown path is still a 404.
      assert.deepEqual(answer(await raw(`${server.url}/nope`, { method: 'POST', body: '{bad' })), GATEWAY_404);
      assert.equal((await raw(`${server.url}/nope`)).headers.get('x-tt-logid'), null);
    });
  });
}
