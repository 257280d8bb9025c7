/** Raw HTTP for what the SDK cannot send (malformed JSON, missing headers) and for asserting statuses. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when it is JSON. */
  json: any;
}

export async function raw(url: string, init: RequestInit & { token?: string } = {}): Promise<RawResponse> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A tenant_access_token for app credentials, straight from the token endpoint. */
export async function tenantToken(base: string, appId: string, appSecret: string): Promise<string> {
  const r = await raw(`${base}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: 'POST',
    body: JSON.stringify({ app_id: appId, app_secret: appSecret }),
  });
  if (typeof r.json?.tenant_access_token !== 'string') throw new Error(`no tenant token: ${r.text}`);
  return r.json.tenant_access_token as string;
}

/**
 * Runs an SDK call that is expected to fail with a non-2xx status, and returns
 * the HTTP status and the envelope (axios throws on those; platform.md §2.4).
 */
export async function sdkFailure(call: Promise<unknown>): Promise<{ status: number; body: any }> {
  try {
    const result = await call;
    return { status: 200, body: result };
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (!response) throw error;
    return { status: response.status, body: response.data };
  }
}
