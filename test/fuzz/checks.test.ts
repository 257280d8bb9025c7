/**
 * The fuzz's own checks (fuzz/checks.ts) fail when they should: a suite whose
 * checks cannot fail would pass over any server. Plain answers, no server.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkAnswer, envelopeProblem, secretIn, stackTraceIn, type Sent } from '../../fuzz/checks.js';
import { knownDefectOf } from '../../fuzz/known.js';
import { fieldPaths, mutatedText } from '../../fuzz/mutations.js';
import { Rng } from '../../fuzz/random.js';
import type { Answer } from '../../fuzz/send.js';
import { parseAnswer } from '../../fuzz/send.js';

const TOKEN = 't-g1045abcdefabcdefabcdefabcdefabcdefabcd';
const SECRET = 'full-secret-0123456789';
const sent = (over: Partial<Sent> = {}): Sent => ({
  route: 'POST /open-apis/calendar/v4/calendars', label: 'body.summary = nul', path: '/open-apis/calendar/v4/calendars', method: 'POST',
  secrets: [SECRET], token: TOKEN, ...over,
});
const answer = (status: number, body: string, headers: Record<string, string> = {}, ms = 12): Answer => ({ status, body, headers, ms });
const json = { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': '20261203091056ABCDEF' };
const kinds = (a: Answer, s = sent()) => checkAnswer(s, a).map((f) => f.kind).sort();

describe('fuzz checks', () => {
  test('an envelope with a log id passes, and so does the gateway 404 text', () => {
    assert.deepEqual(kinds(answer(400, '{"code":190002,"msg":"invalid parameters in request","error":{"log_id":"x"}}', json)), []);
    assert.deepEqual(kinds(answer(404, '404 page not found', { 'content-type': 'text/plain; charset=utf-8' })), []);
  });

  test('a plain-text 500 is a 5xx outside the envelope', () => {
    assert.deepEqual(kinds(answer(500, 'Internal Server Error', { 'content-type': 'text/plain' })), ['5xx', 'envelope']);
  });

  test("Fastify's own error shape (code a string) is outside the envelope", () => {
    const body = '{"error":"Bad Request","code":"FST_ERR_BAD_URL","message":"\'/open-apis/x/%FF\' is not a valid url component","statusCode":400}';
    const failures = checkAnswer(sent(), answer(400, body, json));
    assert.deepEqual(failures.map((f) => f.kind), ['envelope']);
    // Defect #4 is fixed: such an answer is a new failure again.
    assert.equal(knownDefectOf(failures[0]!), undefined);
  });

  test('an envelope without X-Tt-Logid fails the log id check; outside /open-apis nothing is owed', () => {
    assert.deepEqual(kinds(answer(200, '{"code":0,"msg":"success","data":{}}', { 'content-type': 'application/json' })), ['log-id']);
    assert.equal(envelopeProblem({ method: 'GET', path: '/healthz' }, answer(200, 'ok')), 'not JSON');
    assert.deepEqual(kinds(answer(200, 'ok'), sent({ path: '/healthz' })), []);
  });

  test('a stack trace or a source path in a body is found', () => {
    const trace = new Error('boom').stack!;
    assert.ok(stackTraceIn(`{"code":190003,"msg":"${trace.replace(/\n/g, '\\n')}"}`));
    assert.ok(stackTraceIn('{"msg":"at Object.<anonymous> (/work/main/src/server.ts:12:7)"}'));
    assert.ok(stackTraceIn('failed in /app/node_modules/fastify/lib/route.js'));
    assert.equal(stackTraceIn('{"code":190002,"msg":"meet at 10:30 at the office"}'), undefined);
    assert.deepEqual(kinds(answer(500, JSON.stringify({ code: 190003, msg: trace }), json)), ['5xx', 'stack-trace']);
  });

  test('an echoed token or app secret is found; a token endpoint may hand out tokens, never the secret', () => {
    const echo = answer(400, `{"code":99991663,"msg":"invalid token ${TOKEN}"}`, json);
    assert.deepEqual(kinds(echo), ['secret']);
    assert.equal(secretIn(answer(200, `{"msg":"${SECRET}"}`), sent({ token: undefined })), SECRET);
    const tokenPath = '/open-apis/auth/v3/tenant_access_token/internal';
    assert.equal(secretIn(answer(200, `{"code":0,"tenant_access_token":"${TOKEN}"}`), sent({ path: tokenPath })), undefined);
    assert.equal(secretIn(answer(200, `{"code":10003,"msg":"bad ${SECRET}"}`), sent({ path: tokenPath })), SECRET);
  });

  test('slow answers and missing answers are failures', () => {
    assert.deepEqual(kinds(answer(200, '{"code":0,"msg":"success"}', json, 5_001)), ['slow']);
    assert.deepEqual(kinds({ status: 0, body: '', headers: {}, ms: 6_000, error: 'no answer' }), ['no-answer', 'slow']);
  });

  test('with issue #16\'s defects fixed, no failure is known: a NUL 500 or a sign-in page 500 fails the run', () => {
    const nul = checkAnswer(sent(), answer(500, '{"code":190003,"msg":"internal service error","error":{"log_id":"x"}}', json));
    assert.equal(knownDefectOf(nul[0]!), undefined);
    const page = '500 <!doctype html><html lang="en">';
    assert.equal(knownDefectOf({ kind: '5xx', route: 'POST /open-apis/authen/v1/index', label: 'json: trailing NUL', detail: page }), undefined);
  });

  test('the OpenAPI document is no API answer: it owes no envelope', () => {
    assert.deepEqual(kinds(answer(200, '{"openapi":"3.1.0","info":{},"paths":{}}', json), sent({ method: 'GET', path: '/open-apis/openapi.json' })), []);
    assert.deepEqual(kinds(answer(200, '{"openapi":"3.1.0"}', json), sent({ method: 'GET', path: '/open-apis/calendar/v4/calendars' })), ['envelope']);
  });
});

describe('fuzz plumbing', () => {
  test('a seed replays the same draws', () => {
    const draws = (rng: Rng) => [rng.int(1e6), rng.int(1e6), rng.next()];
    assert.deepEqual(draws(new Rng(7)), draws(new Rng(7)));
    assert.notDeepEqual(draws(new Rng(1)), draws(new Rng(2)));
  });

  test('one field mutated at a time, raw JSON included', () => {
    const body = { summary: 'x', start_time: { timestamp: '1' }, reminders: [{ minutes: 5 }] };
    assert.deepEqual(fieldPaths(body), [['summary'], ['start_time'], ['start_time', 'timestamp'], ['reminders'], ['reminders', 0], ['reminders', 0, 'minutes']]);
    assert.equal(mutatedText(body, ['start_time', 'timestamp'], { label: 'n', value: null }), '{"summary":"x","start_time":{"timestamp":null},"reminders":[{"minutes":5}]}');
    assert.equal(mutatedText(body, ['reminders', 0, 'minutes'], { label: 'big', raw: '1e999' }), '{"summary":"x","start_time":{"timestamp":"1"},"reminders":[{"minutes":1e999}]}');
    assert.equal(mutatedText(body, ['summary'], 'remove'), '{"start_time":{"timestamp":"1"},"reminders":[{"minutes":5}]}');
  });

  test('a raw answer is parsed, chunked or not', () => {
    const chunked = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Tt-Logid: L\r\n\r\n4\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n');
    assert.deepEqual(parseAnswer(chunked), { status: 200, headers: { 'transfer-encoding': 'chunked', 'x-tt-logid': 'L' }, body: '{"a":1}', complete: true });
    assert.equal(parseAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nab'))?.complete, false);
  });
});
