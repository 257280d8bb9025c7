/** Drives the sign-in page like a browser would, for the authen tests. */
import assert from 'node:assert/strict';
import { APPS, REDIRECT_URI, type AppName } from '../support/fixture.js';
import type { TestServer } from '../support/server.js';

export interface SignIn {
  app?: AppName;
  login?: string;
  password?: string;
  scope?: string;
  state?: string;
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  action?: 'approve' | 'deny';
}

export function authorizeParams(o: SignIn = {}): URLSearchParams {
  const p = new URLSearchParams({ client_id: APPS[o.app ?? 'full'].app_id, response_type: 'code', redirect_uri: o.redirectUri ?? REDIRECT_URI });
  if (o.scope !== undefined) p.set('scope', o.scope);
  if (o.state !== undefined) p.set('state', o.state);
  if (o.codeChallenge !== undefined) p.set('code_challenge', o.codeChallenge);
  if (o.codeChallengeMethod !== undefined) p.set('code_challenge_method', o.codeChallengeMethod);
  return p;
}

/** POSTs the login form (as the page's hidden fields would) and returns the raw response, unfollowed. */
export async function submitLogin(server: TestServer, o: SignIn = {}, path = '/open-apis/authen/v1/authorize', params = authorizeParams(o)): Promise<Response> {
  const form = new URLSearchParams(params);
  form.set('login', o.login ?? 'alice');
  form.set('password', o.password ?? 'alice-pw');
  form.set('action', o.action ?? 'approve');
  return fetch(`${server.url}${path}`, {
    method: 'POST', redirect: 'manual', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

/** Signs in and returns the code from the redirect. */
export async function codeFor(server: TestServer, o: SignIn = {}): Promise<string> {
  const res = await submitLogin(server, o);
  assert.equal(res.status, 302, await res.text());
  const location = new URL(res.headers.get('location')!);
  const code = location.searchParams.get('code');
  assert.ok(code, `no code in ${location}`);
  return code;
}

/** A v2 token request with the full app's credentials unless overridden. */
export async function v2Token(server: TestServer, body: Record<string, string>, form = false): Promise<{ status: number; json: any }> {
  const full = { client_id: APPS.full.app_id, client_secret: APPS.full.app_secret, ...body };
  const res = await fetch(`${server.url}/open-apis/authen/v2/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(full) : JSON.stringify(full),
  });
  return { status: res.status, json: await res.json() };
}
