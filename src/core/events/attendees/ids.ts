/**
 * Attendee ids (events.md §2.7): unique within an event and prefixed by type.
 * Users carry their directory number, like Feishu's `user_6843287928157667331`;
 * chats, rooms and email addresses get a number derived from what they name, so
 * the same attendee keeps its id across adds, removals and exceptions.
 */
import { createHash } from 'node:crypto';
import type { AttendeeType } from '../model.js';

function numberOf(kind: string, value: string): string {
  const hex = createHash('sha256').update(`${kind}\u0000${value}`).digest('hex').slice(0, 15);
  return (BigInt(`0x${hex}`) + 7_000_000_000_000_000_000n).toString();
}

export function userAttendeeId(userNumber: string): string {
  return `user_${userNumber}`;
}

export function chatAttendeeId(chatId: string): string {
  return `chat_${numberOf('chat', chatId)}`;
}

export function roomAttendeeId(roomId: string): string {
  return `resource_${numberOf('room', roomId)}`;
}

/** Email addresses compare case-insensitively. */
export function emailAttendeeId(email: string): string {
  return `third_party_${numberOf('email', email.toLowerCase())}`;
}

export const ATTENDEE_TYPES: readonly AttendeeType[] = ['user', 'chat', 'resource', 'third_party'];

export function isAttendeeType(value: string): value is AttendeeType {
  return (ATTENDEE_TYPES as readonly string[]).includes(value);
}
