/** What a snapshot needs of its dialect, beyond the SQL both share (state.repository.ts). */
import type { Kysely, RawBuilder, Transaction } from 'kysely';

export interface SnapshotArea {
  /** Equality that holds for two nulls: SQLite's `is`, PostgreSQL's `is not distinct from`. */
  readonly same: RawBuilder<unknown>;
  /** Indexes a copy (`s<id>_<table>` in the area) by its table's key, so a restore finds rows by it. */
  indexCopy(trx: Transaction<any>, copy: string, key: readonly string[]): Promise<void>;
  /** Makes the area exist; run outside any transaction (SQLite cannot ATTACH inside one). */
  open(db: Kysely<any>): Promise<void>;
  /** The last change-log number handed out, 0 for none. */
  lastChange(trx: Transaction<any>): Promise<number>;
  /** Sets the change log's counter back, so the numbers after a restore continue the snapshot's. */
  setLastChange(trx: Transaction<any>, seq: number): Promise<void>;
}
