import type { Kysely } from 'kysely';
import type { StoredFile } from '../../core/files/model.js';
import type { FileRepository } from '../../core/files/ports.js';
import type { IdentityKey } from '../../core/tenancy/model.js';
import type { Database } from '../tables.js';

export interface FileRow {
  file_token: string; tenant_key: string; uploader: string; parent_type: string; parent_node: string;
  name: string; size: number; sha256: string; created_at: number; content: Uint8Array;
}

type Meta = Omit<FileRow, 'content'>;
const META = ['file_token', 'tenant_key', 'uploader', 'parent_type', 'parent_node', 'name', 'size', 'sha256', 'created_at'] as const;

function rowToFile(r: Meta): StoredFile {
  return {
    fileToken: r.file_token, tenantKey: r.tenant_key, uploader: r.uploader as IdentityKey, parentType: r.parent_type as StoredFile['parentType'],
    parentNode: r.parent_node, name: r.name, size: Number(r.size), sha256: r.sha256, createdAt: Number(r.created_at),
  };
}

export class KyselyFileRepository implements FileRepository {
  private readonly db;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<{ files: FileRow }>();
  }

  async insert(f: StoredFile, content: Uint8Array): Promise<void> {
    await this.db.insertInto('files').values({
      file_token: f.fileToken, tenant_key: f.tenantKey, uploader: f.uploader, parent_type: f.parentType, parent_node: f.parentNode,
      name: f.name, size: f.size, sha256: f.sha256, created_at: f.createdAt,
      // better-sqlite3 binds Buffers, not plain Uint8Arrays, as blobs.
      content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
    }).execute();
  }

  async getMany(fileTokens: readonly string[]): Promise<StoredFile[]> {
    if (fileTokens.length === 0) return [];
    const rows = await this.db.selectFrom('files').select(META).where('file_token', 'in', fileTokens).execute();
    return rows.map(rowToFile);
  }

  async content(fileToken: string): Promise<Uint8Array | undefined> {
    const row = await this.db.selectFrom('files').select('content').where('file_token', '=', fileToken).executeTakeFirst();
    return row && new Uint8Array(row.content);
  }
}
