/**
 * The web calendar as an OAuth client of larkcal's own token endpoint
 * (`POST /open-apis/authen/v2/oauth/token`, platform.md §3.6), reached
 * in-process: the same checks as any app's exchange, PKCE included.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Session } from './session.js';
import type { WebClient } from './web-apps.js';

export class SignInFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInFailed';
  }
}

interface TokenAnswer {
  code: number;
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  error_description?: string;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function exchangeCode(app: FastifyInstance, client: WebClient, code: string, verifier: string, now: number): Promise<Omit<Session, 'openId' | 'name' | 'tenantKey'>> {
  const answer = await token(app, { grant_type: 'authorization_code', client_id: client.appId, client_secret: client.appSecret, code, redirect_uri: client.redirectUri, code_verifier: verifier });
  return tokensOf(client.appId, answer, now);
}

export async function refresh(app: FastifyInstance, client: Pick<WebClient, 'appId' | 'appSecret'>, refreshToken: string, now: number): Promise<Omit<Session, 'openId' | 'name' | 'tenantKey'>> {
  const answer = await token(app, { grant_type: 'refresh_token', client_id: client.appId, client_secret: client.appSecret, refresh_token: refreshToken });
  return tokensOf(client.appId, answer, now);
}

/** `GET /open-apis/authen/v1/user_info` with the new token: who signed in. */
export async function userInfo(app: FastifyInstance, accessToken: string): Promise<{ openId: string; name: string }> {
  const response = await app.inject({ method: 'GET', url: '/open-apis/authen/v1/user_info', headers: { authorization: `Bearer ${accessToken}` } });
  const body = response.json() as { code: number; msg?: string; data?: { open_id: string; name: string } };
  if (body.code !== 0 || !body.data) throw new SignInFailed(`user_info answered ${body.code}: ${body.msg ?? ''}`);
  return { openId: body.data.open_id, name: body.data.name };
}

async function token(app: FastifyInstance, body: Record<string, string>): Promise<TokenAnswer> {
  const response = await app.inject({ method: 'POST', url: '/open-apis/authen/v2/oauth/token', payload: body });
  return response.json() as TokenAnswer;
}

function tokensOf(appId: string, answer: TokenAnswer, now: number): Omit<Session, 'openId' | 'name' | 'tenantKey'> {
  if (answer.code !== 0 || !answer.access_token || !answer.refresh_token) throw new SignInFailed(answer.error_description ?? `the token endpoint answered ${answer.code}`);
  return {
    appId,
    accessToken: answer.access_token,
    accessExpiresAt: now + (answer.expires_in ?? 0) * 1000,
    refreshToken: answer.refresh_token,
    refreshExpiresAt: now + (answer.refresh_token_expires_in ?? 0) * 1000,
  };
}
