/**
 * Turning the attendees of an add or remove request into who they name
 * (events.md §2.7, §3.12, §3.14): users in the request's id type (195100 when
 * unknown), chats and rooms of the tenant, email addresses.
 *
 * People of another tenant attend as externals (`is_external`). Only a union_id
 * can name them: it spans the developer's apps, while an open_id is per app and
 * a user_id per tenant (platform.md §6), so those two stay within the tenant.
 */
import { DomainError, invalid } from '../../errors.js';
import type { Needs } from '../../ports.js';
import { Directory } from '../../tenancy/directory.js';
import type { Chat, Identity, Room, User, UserIdType } from '../../tenancy/model.js';
import type { Attendee, Json } from '../model.js';
import { chatAttendeeId, emailAttendeeId, isAttendeeType, roomAttendeeId, userAttendeeId } from './ids.js';

/** One item of `attendees[]` or `delete_ids[]`, as the client sent it. */
export interface AttendeeInput {
  type: string;
  isOptional?: boolean;
  userId?: string;
  chatId?: string;
  roomId?: string;
  email?: string;
  operateId?: string;
  resourceCustomization?: Json[];
  approvalReason?: string;
}

/** An attendee row before it joins an event. */
export type AttendeeDraft = Omit<Attendee, 'eventId' | 'seq'> & {
  user?: User;
  chat?: Chat;
  room?: Room;
  /** The organizer's row: listed, but the organizer already has the event. */
  joinsListOnly?: boolean;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_APPROVAL_REASON = 200;

function required(value: string | undefined, field: string, index: number, list: string): string {
  if (value === undefined || value === '') throw invalid(`${list}[${index}].${field}`, `${field} is required for this attendee type`);
  return value;
}

function blank(type: Attendee['type'], attendeeId: string, displayName: string, isOptional: boolean): AttendeeDraft {
  return {
    attendeeId, type, userRef: null, chatId: null, roomId: null, email: null, rsvpStatus: 'needs_action', isOptional,
    isOrganizer: false, isExternal: false, displayName, operateRef: null, approvalReason: '', resourceCustomization: [], removed: false,
  };
}

export class AttendeeResolver {
  private readonly directory: Directory;

  constructor(private readonly store: Needs<'tenancy'>) {
    this.directory = new Directory(store);
  }

  async user(identity: Identity, id: string, type: UserIdType): Promise<User> {
    const user = await this.directory.resolveUser(identity, id, type);
    if (!user) throw new DomainError('not_found:user');
    return user;
  }

  /** A user attendee: of the tenant in any id type, of another tenant by union_id only. */
  private async attendeeUser(identity: Identity, id: string, type: UserIdType): Promise<User | undefined> {
    if (type === 'union_id') return this.store.tenancy.findUserByUnionId(id);
    return this.directory.resolveUser(identity, id, type);
  }

  /** Drafts for an add request, one per distinct attendee; `withOperators` adds each room's contact too. */
  async drafts(identity: Identity, inputs: readonly AttendeeInput[], type: UserIdType, withOperators: boolean): Promise<AttendeeDraft[]> {
    const out = new Map<string, AttendeeDraft>();
    for (const [i, input] of inputs.entries()) {
      const draft = await this.draft(identity, input, i, type);
      if (!out.has(draft.attendeeId)) out.set(draft.attendeeId, draft);
      if (withOperators && draft.operateRef && identity.kind === 'app') {
        const operator = blank('user', '', '', false);
        const user = (await this.store.tenancy.getUser(draft.operateRef))!;
        const row = { ...operator, attendeeId: userAttendeeId(user.number), userRef: user.ref, displayName: user.name, user };
        if (!out.has(row.attendeeId)) out.set(row.attendeeId, row);
      }
    }
    return [...out.values()];
  }

  private async draft(identity: Identity, input: AttendeeInput, i: number, idType: UserIdType): Promise<AttendeeDraft> {
    if (!isAttendeeType(input.type)) throw new DomainError('invalid:attendee_type', [{ field: `attendees[${i}].type`, description: 'type must be user, chat, resource or third_party', value: input.type }]);
    const optional = input.isOptional ?? false;
    switch (input.type) {
      case 'user': {
        const user = await this.attendeeUser(identity, required(input.userId, 'user_id', i, 'attendees'), idType);
        if (!user) throw new DomainError('not_found:user');
        return { ...blank('user', userAttendeeId(user.number), user.name, optional), userRef: user.ref, isExternal: user.tenantKey !== identity.tenantKey, user };
      }
      case 'chat': {
        const chat = await this.chat(identity, required(input.chatId, 'chat_id', i, 'attendees'));
        return { ...blank('chat', chatAttendeeId(chat.chatId), chat.name, optional), chatId: chat.chatId, chat };
      }
      case 'resource': {
        const room = await this.room(identity, required(input.roomId, 'room_id', i, 'attendees'));
        const reason = input.approvalReason ?? '';
        if (reason.length > MAX_APPROVAL_REASON) throw invalid(`attendees[${i}].approval_reason`, `at most ${MAX_APPROVAL_REASON} characters`);
        const operator = input.operateId ? await this.user(identity, input.operateId, idType) : undefined;
        return {
          ...blank('resource', roomAttendeeId(room.roomId), room.name, optional), roomId: room.roomId, room,
          operateRef: operator?.ref ?? null, approvalReason: reason, resourceCustomization: input.resourceCustomization ?? [],
        };
      }
      case 'third_party': {
        const email = required(input.email, 'third_party_email', i, 'attendees').toLowerCase();
        if (!EMAIL.test(email)) throw invalid(`attendees[${i}].third_party_email`, 'not an email address', email);
        // Email attendees are outside the tenant unless the address is one of its people.
        const internal = (await this.store.tenancy.findUsersByEmails(identity.tenantKey, [email])).length > 0;
        return { ...blank('third_party', emailAttendeeId(email), email, optional), email, isExternal: !internal };
      }
    }
  }

  /** The attendee id a `delete_ids` item names; 194000 when it names no one we know. */
  async attendeeIdOf(identity: Identity, input: AttendeeInput, i: number, idType: UserIdType): Promise<string> {
    if (!isAttendeeType(input.type)) throw new DomainError('invalid:attendee_type', [{ field: `delete_ids[${i}].type`, description: 'type must be user, chat, resource or third_party', value: input.type }]);
    switch (input.type) {
      case 'user': {
        const user = await this.attendeeUser(identity, required(input.userId, 'user_id', i, 'delete_ids'), idType);
        if (!user) throw new DomainError('not_found:attendee');
        return userAttendeeId(user.number);
      }
      case 'chat':
        return chatAttendeeId(required(input.chatId, 'chat_id', i, 'delete_ids'));
      case 'resource':
        return roomAttendeeId(required(input.roomId, 'room_id', i, 'delete_ids'));
      case 'third_party':
        return emailAttendeeId(required(input.email, 'third_party_email', i, 'delete_ids'));
    }
  }

  /** Chats and rooms of another tenant are as unknown as missing ones (194000). */
  private async chat(identity: Identity, chatId: string): Promise<Chat> {
    const chat = await this.store.tenancy.getChat(chatId);
    if (!chat || chat.tenantKey !== identity.tenantKey) throw new DomainError('not_found:attendee', [{ field: 'chat_id', description: 'no such chat', value: chatId }]);
    return chat;
  }

  private async room(identity: Identity, roomId: string): Promise<Room> {
    const room = await this.store.tenancy.getRoom(roomId);
    if (!room || room.tenantKey !== identity.tenantKey) throw new DomainError('not_found:attendee', [{ field: 'room_id', description: 'no such room', value: roomId }]);
    return room;
  }
}
