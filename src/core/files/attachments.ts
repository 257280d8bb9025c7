/**
 * Event attachments must name files uploaded through Drive for the calendar in
 * the path (events.md §2.9): unknown token 193105, another calendar's or
 * tenant's 193107, more than 25 MB on the event after the change 193106.
 */
import { DomainError } from '../errors.js';
import { mergeAttachments } from '../events/input.js';
import type { Json } from '../events/model.js';
import type { FileRepository } from './ports.js';

export const EVENT_ATTACHMENTS_LIMIT = 25 * 1024 * 1024;

export interface AttachmentTarget {
  /** The resolved calendar_id of the request path. */
  calendarId: string;
  /** The caller's tenant. */
  tenantKey: string;
}

/**
 * Checks the attachments a create (current = []) or patch names and returns
 * them carrying `file_size` and `name`, ready to merge into the event; removals
 * (`is_deleted: true`) pass through unchecked.
 */
export async function checkAttachments(files: FileRepository, target: AttachmentTarget, current: Json[], requested: Json[] | undefined): Promise<Json[] | undefined> {
  if (!requested) return undefined;
  // Attachments the event already has were checked when they were added, perhaps through another calendar.
  const attached = new Map(current.map((a) => [String(a.file_token), a]));
  const named = [...new Set(requested.filter((a) => a.is_deleted !== true).map((a) => String(a.file_token)))].filter((t) => !attached.has(t));
  const found = new Map((await files.getMany(named)).map((f) => [f.fileToken, f]));
  const resolved = requested.map((a, i): Json => {
    const token = String(a.file_token);
    if (a.is_deleted === true) return { file_token: token, is_deleted: true };
    const kept = attached.get(token);
    if (kept) return { ...kept, file_token: token };
    const file = found.get(token);
    const field = `attachments[${i}].file_token`;
    if (!file) throw new DomainError('attachment_token_invalid', [{ field, description: 'no file was uploaded with this token', value: token }]);
    if (file.tenantKey !== target.tenantKey || file.parentType !== 'calendar' || file.parentNode !== target.calendarId) {
      throw new DomainError('attachment_no_permission', [{ field, description: 'the file was uploaded for another calendar', value: token }]);
    }
    return { file_token: token, file_size: String(file.size), name: file.name };
  });
  const total = mergeAttachments(current, resolved).reduce((sum, a) => sum + (Number(a.file_size) || 0), 0);
  if (total > EVENT_ATTACHMENTS_LIMIT) throw new DomainError('attachment_too_large');
  return resolved;
}
