/** Small named values the server keeps across restarts: the generated admin token. */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  /** Sets `key` unless it is set already; returns the value that holds (a second process's wins). */
  putIfAbsent(key: string, value: string): Promise<string>;
}
