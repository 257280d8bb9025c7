import { Type } from '@sinclair/typebox';
import type { CalendarView } from '../../../core/calendars/model.js';
import { Int32 } from './common.js';

export const PermissionsSchema = Type.Union([Type.Literal('private'), Type.Literal('show_only_free_busy'), Type.Literal('public')]);
export const RoleSchema = Type.Union([
  Type.Literal('unknown'), Type.Literal('free_busy_reader'), Type.Literal('reader'), Type.Literal('writer'), Type.Literal('owner'),
]);
export const GrantableRoleSchema = Type.Union([
  Type.Literal('free_busy_reader'), Type.Literal('reader'), Type.Literal('writer'), Type.Literal('owner'),
]);

/** The calendar object of calendars.md §2.1, exactly these fields. */
export const CalendarJson = Type.Object({
  calendar_id: Type.String(),
  summary: Type.String(),
  description: Type.String(),
  permissions: PermissionsSchema,
  color: Type.Integer(),
  type: Type.Union([
    Type.Literal('unknown'), Type.Literal('primary'), Type.Literal('shared'), Type.Literal('google'), Type.Literal('resource'), Type.Literal('exchange'),
  ]),
  summary_alias: Type.String(),
  is_deleted: Type.Boolean(),
  is_third_party: Type.Boolean(),
  role: RoleSchema,
});

export function calendarToFeishu(view: CalendarView) {
  const c = view.calendar;
  return {
    calendar_id: c.calendarId,
    summary: c.summary,
    description: c.description,
    permissions: c.permissions,
    color: view.color,
    type: c.type,
    summary_alias: view.summaryAlias,
    is_deleted: view.isDeleted,
    is_third_party: c.isThirdParty,
    role: view.role,
  };
}

export const CalendarIdParams = Type.Object({ calendar_id: Type.String({ minLength: 1, maxLength: 512 }) });

const Summary = Type.String({ maxLength: 255 });
export const CalendarCreateBody = Type.Object({
  summary: Type.Optional(Summary),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  permissions: Type.Optional(PermissionsSchema),
  color: Type.Optional(Int32),
  summary_alias: Type.Optional(Type.String({ maxLength: 255 })),
});
