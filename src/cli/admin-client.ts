/**
 * A client of the admin API (`/_larkcal/`) over HTTP: the CLI's admin commands
 * and `startLarkcal().admin` both call a running server through it, so they
 * see exactly what any other caller sees.
 */

/** A non-2xx answer, carrying the admin API's `{"error": {"code", "message"}}`. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class AdminClient {
  /** `url`: the server's base (`http://127.0.0.1:8080`), without `/_larkcal`. */
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** Calls `path` (relative to `/_larkcal`, e.g. `/clock`); answers the parsed JSON, or undefined for an empty body. */
  async call<T = unknown>(method: AdminMethod, path: string, body?: unknown): Promise<T> {
    const target = `${this.url.replace(/\/+$/, '')}/_larkcal${path.startsWith('/') ? path : `/${path}`}`;
    let res: Response;
    try {
      res = await fetch(target, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new AdminApiError(0, 'unreachable', `cannot reach larkcal at ${this.url} (${cause}); is it running? (--url, LARKCAL_URL)`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
      throw new AdminApiError(res.status, typeof error?.code === 'string' ? error.code : 'http', message);
    }
    return json as T;
  }
}

/** A path segment: names, keys and ids go into paths escaped. */
export const segment = (value: string): string => encodeURIComponent(value);
