/** Files uploaded through Drive's "upload media" API: what calendar attachments point at (events.md §2.9). */
import type { IdentityKey } from '../tenancy/model.js';

/** larkcal serves one upload point: a calendar. Drive lists many more (docx_image, sheet_file, …). */
export type ParentType = 'calendar';

export interface StoredFile {
  fileToken: string;
  /** The uploader's tenant: a token is worth nothing in another tenant (193107). */
  tenantKey: string;
  uploader: IdentityKey;
  parentType: ParentType;
  /** The calendar_id the file was uploaded for. */
  parentNode: string;
  name: string;
  size: number;
  sha256: string;
  createdAt: number;
}
