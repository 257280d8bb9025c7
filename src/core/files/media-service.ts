/**
 * Drive's "upload media" (`POST /open-apis/drive/v1/medias/upload_all`) for the
 * one upload point calendars use: parent_type `calendar`, parent_node the
 * calendar_id (events.md §2.9). Codes are Drive's own (upload_all docs, 错误码).
 */
import { createHash } from 'node:crypto';
import { loadAccessFacts } from '../calendars/access.js';
import { roleAtLeast } from '../calendars/roles.js';
import { DomainError } from '../errors.js';
import { CALENDAR_TYPES } from '../events/event-access.js';
import { randomIds, type IdSource } from '../ids.js';
import type { Clock, Needs } from '../ports.js';
import { identityKey, type Identity } from '../tenancy/model.js';
import { adler32 } from './adler32.js';
import type { StoredFile } from './model.js';

/** "素材大小不得超过 20 MB"; larger files go through the multipart upload APIs, which larkcal does not serve. */
export const UPLOAD_ALL_LIMIT = 20 * 1024 * 1024;
/** file_name: "最大长度：250 字符". */
const NAME_LIMIT = 250;

export interface MediaUpload {
  fileName: string;
  parentType: string;
  parentNode: string;
  /** As declared by the client; checked against the bytes. */
  size: number;
  /** Adler-32 of the bytes, decimal, when the client sends one. */
  checksum?: string;
  content: Uint8Array;
}

export class MediaService {
  constructor(
    private readonly store: Needs<'calendars' | 'files'>,
    private readonly clock: Clock,
    private readonly ids: IdSource = randomIds,
  ) {}

  /** Stores the file and returns its file_token. */
  async upload(identity: Identity, upload: MediaUpload): Promise<string> {
    if (upload.parentType !== 'calendar') throw driveParams('parent_type', 'larkcal accepts only the calendar upload point', upload.parentType);
    if (upload.fileName === '' || [...upload.fileName].length > NAME_LIMIT) throw new DomainError('invalid:file_name');
    if (upload.size > UPLOAD_ALL_LIMIT || upload.content.length > UPLOAD_ALL_LIMIT) throw new DomainError('limit:file_size');
    if (upload.size !== upload.content.length) throw new DomainError('invalid:file_size');
    if (upload.checksum !== undefined && upload.checksum !== String(adler32(upload.content))) throw new DomainError('invalid:checksum');
    await this.requireWritableCalendar(identity, upload.parentNode);
    const file: StoredFile = {
      fileToken: this.ids.fileToken(),
      tenantKey: identity.tenantKey,
      uploader: identityKey(identity),
      parentType: 'calendar',
      parentNode: upload.parentNode,
      name: upload.fileName,
      size: upload.content.length,
      sha256: createHash('sha256').update(upload.content).digest('hex'),
      createdAt: this.clock.now(),
    };
    // No change-log row: an upload changes no calendar until an event names the file.
    await this.store.files.insert(file, upload.content);
    return file.fileToken;
  }

  /** "若上传素材，请确保当前调用身份具有目标云文档的编辑权限" (1061004); a node that is not there is 1061044. */
  private async requireWritableCalendar(identity: Identity, calendarId: string): Promise<void> {
    const facts = await loadAccessFacts(this.store, identity, calendarId).catch((error: unknown) => {
      if (error instanceof DomainError && (error.key === 'not_found:calendar' || error.key === 'invalid:calendar_id')) {
        throw new DomainError('not_found:upload_parent');
      }
      throw error;
    });
    if (facts.calendar.deleted) throw new DomainError('gone:upload_parent');
    // Only calendars events can be written on take attachments (as event create requires).
    if (!roleAtLeast(facts.role, 'writer') || !CALENDAR_TYPES.native.includes(facts.calendar.type)) throw new DomainError('forbidden:upload_parent');
  }
}

export function driveParams(field: string, description: string, value?: unknown): DomainError {
  return new DomainError('invalid:upload', [{ field, description, ...(value !== undefined && { value: String(value) }) }]);
}
