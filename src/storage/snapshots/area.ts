/** What a snapshot needs of its dialect, beyond the SQL both share (state.repository.ts). */
import type { Kysely, Transaction } from 'kysely';

export interface SnapshotArea {
  /** Makes the area exist; run outside any transaction (SQLite cannot ATTACH inside one). */
  open(db: Kysely<any>): Promise<void>;
  /** The last change-log number handed out, 0 for none. */
  lastChange(trx: Transaction<any>): Promise<number>;
  /** Sets the change log's counter back, so the numbers after a restore continue the snapshot's. */
  setLastChange(trx: Transaction<any>, seq: number): Promise<void>;
}
