/** The fixture's Exchange directory, loaded with its tenant (in the seed's one transaction). */
import type { Needs } from '../ports.js';
import { sourceOf, type FixtureExchange } from './fixture.js';

export async function loadExchange(repos: Needs<'exchange'>, tenantKey: string, exchange: FixtureExchange): Promise<void> {
  for (const account of exchange.admin_accounts) await repos.exchange.putAdminAccount(tenantKey, account);
  for (const [account, mailbox] of Object.entries(exchange.accounts ?? {})) await repos.exchange.putAccount(tenantKey, account, sourceOf(mailbox));
}
