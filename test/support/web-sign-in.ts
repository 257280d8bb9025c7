/**
 * The web calendar's sign-in walked by plain HTTP requests, as a browser
 * follows it: `/web/signin`, the authorize form posted, `/web/callback` with
 * the pending cookie. node:http(s) rather than fetch, since it sends the Host
 * it is given (a proxy's, a public URL's).
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface Target {
  port: number;
  /** Sent with every request; a Host among them is sent as given. */
  headers?: Record<string, string>;
  /** HTTPS to 127.0.0.1, the certificate checked against `ca` for `servername`. */
  tls?: { ca: Buffer; servername: string };
}

export function send(target: Target, path: string, options: { headers?: Record<string, string>; method?: string; body?: string } = {}): Promise<Answer> {
  const request = target.tls ? httpsRequest : httpRequest;
  const headers = { ...target.headers, ...options.headers };
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: target.port, path, method: options.method ?? 'GET', headers, ...(target.tls && { ca: target.tls.ca, servername: target.tls.servername }) }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
    }).on('error', reject).end(options.body);
  });
}

export const setCookie = (answer: Answer, name: string): string | undefined => answer.headers['set-cookie']?.find((c) => c.startsWith(`${name}=`));
/** `name=value` of a Set-Cookie, as a Cookie header carries it. */
export const cookiePair = (cookie: string | undefined): string => cookie?.split(';')[0] ?? '';

export interface WalkedSignIn {
  start: Answer;
  /** The authorize URL `/web/signin` sent the browser to. */
  authorize: URL;
  /** Where the approved form sent it: the redirect_uri with code and state. */
  callback: URL;
  signedIn: Answer;
  /** The session cookie's `name=value`. */
  session: string;
}

export async function walkSignIn(target: Target, tenantKey: string, login: string, password: string): Promise<WalkedSignIn> {
  const start = await send(target, `/web/signin?tenant=${tenantKey}`);
  assert.equal(start.status, 302, start.text);
  const authorize = new URL(start.headers.location!, 'http://relative.invalid');
  const form = new URLSearchParams(authorize.searchParams);
  for (const [name, value] of [['login', login], ['password', password], ['action', 'approve']] as const) form.set(name, value);
  const approved = await send(target, authorize.pathname, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(approved.status, 302, approved.text);
  const callback = new URL(approved.headers.location!);
  const signedIn = await send(target, `${callback.pathname}${callback.search}`, { headers: { cookie: cookiePair(setCookie(start, 'larkcal_web_signin')) } });
  assert.deepEqual([signedIn.status, signedIn.headers.location], [302, '/'], signedIn.text);
  return { start, authorize, callback, signedIn, session: cookiePair(setCookie(signedIn, 'larkcal_web')) };
}
