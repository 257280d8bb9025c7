/** How `seed` and `demo` print a tenant's directory: every id, generated or given, one thing a line. */
import type { Store } from '../core/ports.js';

export interface TenantLineOptions {
  /** The password printed with each user (the demo's are known), or none. */
  passwordOf?: (userId: string) => string;
  /** App secrets to print, by app id (generated ones at seed; the demo's kept one). */
  secrets?: ReadonlyMap<string, string>;
}

export async function tenantLines(store: Pick<Store, 'tenancy'>, tenantKey: string, options: TenantLineOptions = {}): Promise<string[]> {
  const { tenancy } = store;
  const [users, apps, chats, rooms] = await Promise.all([
    tenancy.listUsers(tenantKey), tenancy.listApps(tenantKey), tenancy.listChats(tenantKey), tenancy.listRooms(tenantKey),
  ]);
  const userIdOf = new Map(users.map((u) => [u.ref, u.userId]));
  // Members in the directory's order, so a listing reads the same every time.
  const order = new Map(users.map((u, i) => [u.ref, i]));
  const lines: string[] = [];
  for (const a of apps) {
    const secret = options.secrets?.get(a.appId);
    lines.push(`  app  ${a.appId} (${a.name})${secret ? ` app_secret ${secret}` : ''}`);
    lines.push(`       ${a.kind}, ${a.bot ? 'bot' : 'no bot'}, ${a.scopes.length} scopes; redirect_uris: ${a.redirectUris.length > 0 ? a.redirectUris.join(' ') : '(none)'}`);
  }
  for (const u of users) {
    const password = options.passwordOf ? ` password ${options.passwordOf(u.userId)}` : '';
    lines.push(`  user ${u.userId} (${u.name}) ${u.email}${password} union_id ${u.unionId}`);
  }
  for (const c of chats) lines.push(`  chat ${c.chatId} (${c.name}): ${[...c.memberRefs].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)).map((ref) => userIdOf.get(ref) ?? ref).join(', ')}`);
  for (const r of rooms) lines.push(`  room ${r.roomId} (${r.name}, ${r.capacity} seats) calendar ${r.calendarId}`);
  return lines;
}
