/** Core attendees → Feishu's attendee JSON (events.md §2.7, §3.13, §3.15). */
import type { Static } from '@sinclair/typebox';
import type { ChatMemberView } from '../../../core/events/attendee-service.js';
import type { Attendee } from '../../../core/events/model.js';
import type { IdentityKey, UserIdType } from '../../../core/tenancy/model.js';
import type { Directory, Viewer } from '../../../core/tenancy/directory.js';
import type { AttendeeJson } from '../schemas/event.js';

export interface AttendeeFields {
  /** Room booking-form answers: list with need_resource_customization, for callers who may edit. */
  resourceCustomization?: boolean;
  /** The add response echoes approval reasons. */
  approvalReason?: boolean;
}

/** Renders attendees with user ids in `type`; external users only ever get an open_id (events.md §1.2). */
export async function attendeesToFeishu(directory: Directory, attendees: readonly Attendee[], type: UserIdType, viewer: Viewer, fields: AttendeeFields = {}): Promise<Array<Static<typeof AttendeeJson>>> {
  const refs = attendees.flatMap((a) => [a.userRef, a.operateRef]).filter((r): r is string => r !== null).map((r) => `user:${r}` as IdentityKey);
  const people = await directory.describe(refs, type, viewer);
  const external = type === 'user_id' ? await directory.describe(attendees.filter((a) => a.isExternal && a.userRef).map((a) => `user:${a.userRef}` as IdentityKey), 'open_id', viewer) : people;
  return attendees.map((a) => {
    const json: Static<typeof AttendeeJson> = {
      type: a.type, attendee_id: a.attendeeId, rsvp_status: a.rsvpStatus, is_optional: a.isOptional, is_organizer: a.isOrganizer,
      is_external: a.isExternal, display_name: a.displayName,
    };
    if (a.userRef) json.user_id = (a.isExternal ? external : people).get(`user:${a.userRef}`)?.id ?? '';
    if (a.chatId) json.chat_id = a.chatId;
    if (a.roomId) json.room_id = a.roomId;
    if (a.email) json.third_party_email = a.email;
    if (a.operateRef) json.operate_id = people.get(`user:${a.operateRef}`)?.id ?? '';
    if (a.type === 'resource' && fields.resourceCustomization) json.resource_customization = a.resourceCustomization as typeof json.resource_customization;
    if (a.type === 'resource' && fields.approvalReason && a.approvalReason) json.approval_reason = a.approvalReason;
    return json;
  });
}

/** Chat members carry an open_id whatever user_id_type says (events.md §3.15). */
export async function chatMembersToFeishu(directory: Directory, members: readonly ChatMemberView[], viewer: Viewer) {
  const ids = await directory.describe(members.map((m) => `user:${m.userRef}` as IdentityKey), 'open_id', viewer);
  return members.map((m) => ({
    rsvp_status: m.rsvpStatus, is_optional: m.isOptional, display_name: m.displayName, open_id: ids.get(`user:${m.userRef}`)?.id ?? '',
    is_organizer: m.isOrganizer, is_external: m.isExternal,
  }));
}
