/**
 * Whether a driver's error means the database is away (restarting, failing
 * over, unreachable, or too busy to take the write in time) rather than that
 * the request was wrong: the Open API answers those 503 with Feishu's 190003,
 * and the next request tries again on a fresh connection (pg's pool opens one).
 */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATE: 08xxx connection exceptions; 57P01–57P03 shutdown and start-up; 53300 too many connections. */
const SQLSTATE = /^(08...|57P0[1-3]|53300)$/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK.has(code) || SQLSTATE.test(code) || code === 'SQLITE_BUSY')) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
  }
  return false;
}
