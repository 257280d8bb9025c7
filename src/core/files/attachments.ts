/**
 * Event attachments must name files uploaded through Drive for the calendar in
 * the path (events.md §2.9): unknown token 193105, another calendar's or
 * tenant's 193107, more than 25 MB on the event after the change 193106.
 */
import { DomainError } from '../errors.js';
import { mergeAttachments, type AttachmentEdit } from '../events/input.js';
import type { Attachment } from '../events/model.js';
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
 * them carrying the file's size and name, ready to merge into the event;
 * removals pass through unchecked.
 */
export async function checkAttachments(files: FileRepository, target: AttachmentTarget, current: readonly Attachment[], requested: AttachmentEdit[] | undefined): Promise<AttachmentEdit[] | undefined> {
  if (!requested) return undefined;
  // Attachments the event already has were checked when they were added, perhaps through another calendar.
  const attached = new Map(current.map((a) => [a.fileToken, a]));
  const named = [...new Set(requested.filter((a) => !a.remove).map((a) => a.fileToken))].filter((t) => !attached.has(t));
  const found = new Map((await files.getMany(named)).map((f) => [f.fileToken, f]));
  const resolved = requested.map(({ fileToken, remove }, i): AttachmentEdit => {
    if (remove) return { fileToken, remove };
    const kept = attached.get(fileToken);
    if (kept) return { fileToken, remove, file: { size: kept.size, name: kept.name } };
    const file = found.get(fileToken);
    const field = `attachments[${i}].file_token`;
    if (!file) throw new DomainError('invalid:attachment_token', [{ field, description: 'no file was uploaded with this token', value: fileToken }]);
    if (file.tenantKey !== target.tenantKey || file.parentType !== 'calendar' || file.parentNode !== target.calendarId) {
      throw new DomainError('forbidden:attachment', [{ field, description: 'the file was uploaded for another calendar', value: fileToken }]);
    }
    return { fileToken, remove, file: { size: file.size, name: file.name } };
  });
  const total = mergeAttachments(current, resolved).reduce((sum, a) => sum + a.size, 0);
  if (total > EVENT_ATTACHMENTS_LIMIT) throw new DomainError('limit:attachment_size');
  return resolved;
}
