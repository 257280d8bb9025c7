import type { IdentityKey } from '../tenancy/model.js';

export type CalendarType = 'unknown' | 'primary' | 'shared' | 'google' | 'resource' | 'exchange';
export type CalendarPermissions = 'private' | 'show_only_free_busy' | 'public';
export const CALENDAR_PERMISSIONS: readonly CalendarPermissions[] = ['private', 'show_only_free_busy', 'public'];

export type Role = 'unknown' | 'free_busy_reader' | 'reader' | 'writer' | 'owner';
/** Roles a client may grant; `unknown` only ever appears in output. */
export const GRANTABLE_ROLES = ['free_busy_reader', 'reader', 'writer', 'owner'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** Create default colour 0xFF228AFF (calendars.md §2.1). */
export const DEFAULT_CALENDAR_COLOR = -14513409;

/** The global part of a calendar: the same for every identity. */
export interface Calendar {
  calendarId: string;
  tenantKey: string;
  type: CalendarType;
  summary: string;
  description: string;
  permissions: CalendarPermissions;
  /** Who the calendar belongs to: the primary calendar's owner, or the creator. */
  owner: IdentityKey | `room:${string}`;
  isThirdParty: boolean;
  deleted: boolean;
  /** Change-log sequence of the last global change. */
  version: number;
}

/** One identity's relation to a calendar: its subscription and personal settings. */
export interface CalendarMembership {
  calendarId: string;
  identity: IdentityKey;
  subscribed: boolean;
  color: number;
  summaryAlias: string;
  version: number;
}

export interface Acl {
  calendarId: string;
  aclId: string;
  identity: IdentityKey;
  role: GrantableRole;
}

/** A calendar as one identity sees it. */
export interface CalendarView {
  calendar: Calendar;
  color: number;
  summaryAlias: string;
  role: Role;
  /** Deleted for this identity: the calendar is gone, or the identity left it. */
  isDeleted: boolean;
}
