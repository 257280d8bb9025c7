/**
 * The Open API as the signed-in user, through the web adapter's same-origin
 * path (`/web/api/…` → `/open-apis/…`): the adapter attaches the token, so
 * this script never sees one.
 */
export class ApiError extends Error {
  constructor(readonly code: number, message: string, readonly logId: string | undefined) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Envelope<T> {
  code: number;
  msg: string;
  data?: T;
  error?: { field_violations?: Array<{ field?: string; description?: string }> };
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/web/api/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(-1, 'The server cannot be reached. Check your connection and try again.', undefined);
  }
  if (response.status === 401) {
    window.location.assign('/web/signin');
    throw new ApiError(401, 'Your session has ended. Signing you in again…', undefined);
  }
  const logId = response.headers.get('x-tt-logid') ?? undefined;
  let envelope: Envelope<T>;
  try {
    envelope = (await response.json()) as Envelope<T>;
  } catch {
    throw new ApiError(response.status, `The server answered ${response.status} without a readable message.`, logId);
  }
  if (envelope.code !== 0) {
    // The field the server names is the most useful part of a refusal.
    const fields = (envelope.error?.field_violations ?? []).map((v) => v.description ?? v.field).filter(Boolean);
    throw new ApiError(envelope.code, `${envelope.msg || 'The request failed'}${fields.length ? `: ${fields.join('; ')}` : ''} (code ${envelope.code})`, logId);
  }
  return envelope.data as T;
}

/** A readable line for any failure, for the status bar. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export const q = (params: Record<string, string | number | boolean | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  return search.toString();
};
