import type { CalendarPermissions, Role } from './model.js';

const RANK: Record<Role, number> = { unknown: 0, free_busy_reader: 1, reader: 2, writer: 3, owner: 4 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * What a calendar's `permissions` grant every member of its tenant
 * (calendars.md §2.4, derived from the Lark help centre; unconfirmed as an exact rule).
 */
export function roleFromPermissions(permissions: CalendarPermissions): Role {
  switch (permissions) {
    case 'public':
      return 'reader';
    case 'show_only_free_busy':
      return 'free_busy_reader';
    case 'private':
      return 'unknown';
  }
}
