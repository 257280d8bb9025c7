/** What the file use cases need from storage. */
import type { StoredFile } from './model.js';

export interface FileRepository {
  insert(file: StoredFile, content: Uint8Array): Promise<void>;
  /** Metadata of the files that exist among `fileTokens`; contents stay in the database. */
  getMany(fileTokens: readonly string[]): Promise<StoredFile[]>;
  content(fileToken: string): Promise<Uint8Array | undefined>;
}
