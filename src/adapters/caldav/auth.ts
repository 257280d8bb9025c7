/**
 * HTTP Basic with the device credentials of `generate_caldav_conf` (issue #10
 * §1), and nothing else: no Open API token opens CalDAV. RFC 7617 §2: a
 * missing or wrong credential is 401 with the challenge.
 */
import type { Identity, User } from '../../core/tenancy/model.js';
import { DavError } from './errors.js';

/** What the adapter needs of the credentials (core/tenancy/caldav-credentials.ts). */
export interface DeviceCredentials {
  /** The user a device password stands for; null when it is unknown, revoked, or the user is gone. */
  verify(userName: string, password: string): Promise<Identity | null>;
}

export const REALM = 'larkcal CalDAV';

/** Who a request acts for: the identity and the user behind it (for paths and `mailto:`). */
export interface Principal {
  identity: Identity & { kind: 'user' };
  user: User;
}

export class Unauthenticated extends DavError {
  constructor() {
    super(401, undefined, 'valid CalDAV credentials (generate_caldav_conf) are required');
  }
}

export function basicCredentials(header: string | undefined): { userName: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { userName: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function authenticate(
  credentials: DeviceCredentials,
  userOf: (ref: string) => Promise<User | undefined>,
  header: string | undefined,
): Promise<Principal> {
  const given = basicCredentials(header);
  if (!given) throw new Unauthenticated();
  const identity = await credentials.verify(given.userName, given.password);
  if (!identity || identity.kind !== 'user') throw new Unauthenticated();
  const user = await userOf(identity.userRef);
  if (!user || user.tenantKey !== identity.tenantKey) throw new Unauthenticated();
  return { identity, user };
}
