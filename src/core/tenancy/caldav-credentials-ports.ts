/** What the CalDAV credential service needs from storage (storage/repositories/caldav-credential.repository.ts). */

/** One device's CalDAV password (issue #10 §1), kept as a scrypt digest only. */
export interface StoredCaldavCredential {
  credentialId: string;
  tenantKey: string;
  userRef: string;
  /** The app whose user token asked for it: the identity CalDAV requests act as goes through it. */
  appId: string;
  /** What the client types; stable per user (caldav-credentials.ts, `caldavUserName`). */
  userName: string;
  /** '' when the request named no device. One credential per (user, device name). */
  deviceName: string;
  passwordHash: string;
  createdAt: number;
}

export interface CaldavCredentialRepository {
  insert(credential: StoredCaldavCredential): Promise<void>;
  get(credentialId: string): Promise<StoredCaldavCredential | undefined>;
  /** Every credential a Basic-auth user name may stand for (each checked against its own password). */
  findByUserName(userName: string): Promise<StoredCaldavCredential[]>;
  /** The user's credentials, oldest first. */
  listByUser(userRef: string): Promise<StoredCaldavCredential[]>;
  /** False when there was no such credential of this user. */
  delete(userRef: string, credentialId: string): Promise<boolean>;
}
