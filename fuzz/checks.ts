/**
 * What every answer must be (issue #16 §1), as pure functions over one
 * request and its answer, so a unit test can show each check failing.
 */
import type { Answer } from './send.js';

export const FAILURE_KINDS = ['5xx', 'envelope', 'log-id', 'stack-trace', 'secret', 'slow', 'no-answer', 'down', 'rss'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  route: string;
  /** The case's label: what was sent. */
  label: string;
  /** What was wrong with the answer: its status and the start of its body. */
  detail: string;
}

export const SLOW_MS = 5_000;

/** Feishu's gateway, for a path or method it does not serve (platform.md §2.5). */
export const GATEWAY_404 = '404 page not found';

export interface Sent {
  route: string;
  label: string;
  /** The request line's path: only answers under /open-apis owe the envelope. */
  path: string;
  method: string;
  /** App secrets, passwords, tokens: none may come back. */
  secrets: readonly string[];
  /** The token this request carried, if any. */
  token?: string;
}

export function checkAnswer(sent: Sent, answer: Answer): Failure[] {
  const fail = (kind: FailureKind, detail: string): Failure => ({ kind, route: sent.route, label: sent.label, detail });
  const failures: Failure[] = [];
  if (answer.ms > SLOW_MS) failures.push(fail('slow', `${Math.round(answer.ms)} ms`));
  if (answer.status === 0) return [...failures, fail('no-answer', answer.error ?? 'no status')];
  const head = `${answer.status} ${answer.body.slice(0, 160)}`;
  if (answer.status >= 500) failures.push(fail('5xx', head));
  if (sent.path.startsWith('/open-apis') && !isRedirect(answer)) {
    const shape = envelopeProblem(sent, answer);
    if (shape) failures.push(fail(shape === 'log-id' ? 'log-id' : 'envelope', `${shape}: ${head}`));
  }
  const trace = stackTraceIn(answer.body);
  if (trace) failures.push(fail('stack-trace', trace));
  const echoed = secretIn(answer, sent);
  if (echoed) failures.push(fail('secret', `echoes ${echoed.slice(0, 8)}…`));
  return failures;
}

const isRedirect = (answer: Answer) => answer.status >= 300 && answer.status < 400 && answer.headers.location !== undefined;

/**
 * Why an /open-apis answer is not Feishu's: undefined when it is the envelope
 * `{code: number, msg: string}` with an X-Tt-Logid, the gateway's 404 text, or
 * one of the other documented shapes: OAuth v2's `{code, error,
 * error_description}`, the sign-in page's HTML, and larkcal's OpenAPI document
 * (GET /open-apis/openapi.json, an OpenAPI 3.1 object, not an API answer).
 */
const OPENAPI_DOCUMENT = /^\/open-apis\/openapi\.json\/?(\?|$)/;

export function envelopeProblem(sent: Pick<Sent, 'method' | 'path'>, answer: Answer): string | undefined {
  if (answer.status === 404 && answer.body === GATEWAY_404) return undefined;
  if (OPENAPI_DOCUMENT.test(sent.path) && sent.method === 'HEAD' && answer.status === 200) return undefined;
  if (sent.method === 'HEAD') return answer.headers['x-tt-logid'] || answer.status === 404 ? undefined : 'log-id';
  // The sign-in pages are a browser's: HTML, and an error page below 500 (platform.md §3.5).
  if (/^\/open-apis\/authen\/v1\/(authorize|index)(\?|\/?$)/.test(sent.path) && /^text\/html/.test(answer.headers['content-type'] ?? '')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return 'not JSON';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'not an object';
  const { code, msg, error, error_description: description } = body as Record<string, unknown>;
  if (OPENAPI_DOCUMENT.test(sent.path) && answer.status === 200 && typeof (body as { openapi?: unknown }).openapi === 'string') return undefined;
  if (typeof code !== 'number' || !Number.isInteger(code)) return 'code is not a number';
  const oauth = sent.path.startsWith('/open-apis/authen/v2/oauth/token') && typeof error === 'string' && typeof description === 'string';
  if (typeof msg !== 'string' && !oauth) return 'msg is not a string';
  if (!answer.headers['x-tt-logid']) return 'log-id';
  return undefined;
}

// A V8 frame (`at fn (file:line:col)` or `at file:line:col`), a module URL, or a source path of this machine.
const FRAME = /\bat (?:[\w$.<>\[\] ]+ \()?(?:file:\/\/|node:|\/)[^\s()]*:\d+:\d+\)?/;
const SOURCE_PATH = /(?:file:\/\/\/|\/node_modules\/|\/src\/[\w/-]+\.[jt]s\b|\.ts:\d+)/;

/** The first stack frame or server file path in a body, if any. */
export function stackTraceIn(body: string, cwd = process.cwd()): string | undefined {
  const sample = body.length > 200_000 ? body.slice(0, 200_000) : body;
  const frame = FRAME.exec(sample)?.[0] ?? SOURCE_PATH.exec(sample)?.[0];
  if (frame) return frame;
  return cwd.length > 1 && sample.includes(cwd) ? cwd : undefined;
}

/**
 * A secret or token the answer carries. The token endpoints' own answers hand
 * tokens out (that is their job), so there only app secrets and passwords count.
 */
export function secretIn(answer: Pick<Answer, 'body' | 'headers'>, sent: Pick<Sent, 'path' | 'secrets' | 'token'>): string | undefined {
  const issuesTokens = /^\/open-apis\/(auth\/v3|authen\/)/.test(sent.path);
  const text = `${answer.body}\n${Object.values(answer.headers).join('\n')}`;
  const candidates = [...sent.secrets, ...(sent.token && sent.token.length >= 12 ? [sent.token] : [])];
  return candidates.find((secret) => (issuesTokens ? !isToken(secret) : true) && text.includes(secret));
}

const isToken = (value: string) => /^(t|u|a|ur|c)-/.test(value) || value.length > 40;
