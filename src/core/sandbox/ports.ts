/** Small named values the server keeps across restarts: the generated admin token. */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  /** Sets `key` unless it is set already; returns the value that holds (a second process's wins). */
  putIfAbsent(key: string, value: string): Promise<string>;
}

/** A named copy of the whole state, `settings` aside (issue #12 §3). */
export interface SnapshotInfo {
  name: string;
  createdAt: number;
}

/**
 * The sandbox's hold on the whole database: named copies of every table but
 * `settings` (the admin token survives them), taken and put back each in one
 * transaction that waits its turn with the writers, so a concurrent request
 * sees the state before or after, never half of it.
 */
export interface StateRepository {
  /** False when the name is taken. */
  snapshot(name: string, at: number): Promise<boolean>;
  /** Replaces every table with the copy; false (and nothing changed) for an unknown name. */
  restore(name: string): Promise<boolean>;
  list(): Promise<SnapshotInfo[]>;
  /** False for an unknown name. */
  drop(name: string): Promise<boolean>;
  /** Removes the tenant and every row of it, in one transaction; false for an unknown tenant. */
  deleteTenant(tenantKey: string): Promise<boolean>;
}
