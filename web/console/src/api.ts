/**
 * The console's one way to the server: the admin API under `/_larkcal`, with
 * the admin token as `Authorization: Bearer …` (src/adapters/admin/plugin.ts).
 * Errors come back as the API's `{"error": {"code", "message"}}`, kept whole.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** What a panel shows: the API's own words, with the code and status to search for. */
  describe(): string {
    return `${this.message} (${this.code}, HTTP ${this.status})`;
  }
}

/**
 * The token is kept in sessionStorage: it must be readable by script to be
 * sent as a header, and sessionStorage keeps it to this tab, gone when the tab
 * closes — never in localStorage, never in a cookie another page could ride.
 */
const TOKEN_KEY = 'larkcal.console.admin-token';

export class AdminApi {
  /** Told when the server refuses the token, so the console can ask for it again. */
  onUnauthorized: (error: ApiError) => void = () => {};

  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  }

  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/_larkcal${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token ?? ''}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, 'network', `the server did not answer: ${(error as Error).message}`);
    }
    const text = await response.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError(response.status, 'not_json', `the server answered ${response.status} with a body that is not JSON`);
    }
    if (response.ok) return parsed as T;
    const error = new ApiError(response.status, parsed?.error?.code ?? 'error', parsed?.error?.message ?? `HTTP ${response.status}`);
    if (response.status === 401) this.onUnauthorized(error);
    throw error;
  }
}

/** Runs `work`, showing its failure (or `done`) in the panel's status line. */
export async function report(status: HTMLElement, work: () => Promise<string | void>): Promise<void> {
  status.classList.remove('error');
  status.textContent = '';
  try {
    const done = await work();
    if (done) status.textContent = done;
  } catch (error) {
    status.classList.add('error');
    status.textContent = error instanceof ApiError ? error.describe() : (error as Error).message;
  }
}
