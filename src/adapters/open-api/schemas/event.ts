/** Event JSON of Calendar v4 (events.md §2.1): request schemas and the response allow-list. */
import { Type, type Static } from '@sinclair/typebox';
import type { CheckInPoint, MeetingIcon, MeetingJoinPolicy, MeetingKind } from '../../../core/events/model.js';
import { Int32 } from './common.js';

/** Feishu's words for the core's (events.md §2.8–§2.9); each table read both ways. */
export const VC_TYPE = {
  builtIn: 'vc', link: 'third_party', none: 'no_meeting', live: 'lark_live', unknown: 'unknown', thirdPartyMeeting: 'third_party_meeting',
} as const satisfies Record<MeetingKind, string>;
export const ICON_TYPE = { video: 'vc', live: 'live', default: 'default' } as const satisfies Record<MeetingIcon, string>;
export const JOIN_PERMISSION = {
  anyone: 'anyone_can_join', organization: 'only_organization_employees', attendees: 'only_event_attendees',
} as const satisfies Record<MeetingJoinPolicy, string>;
export const CHECK_IN_TIME_TYPE = {
  beforeStart: 'before_event_start', afterStart: 'after_event_start', afterEnd: 'after_event_end',
} as const satisfies Record<CheckInPoint['anchor'], string>;

export type Inverse<T extends Record<string, string>> = { [K in keyof T as T[K]]: K };
export function inverse<T extends Record<string, string>>(table: T): Inverse<T> {
  return Object.fromEntries(Object.entries(table).map(([word, feishu]) => [feishu, word])) as Inverse<T>;
}

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
const Enum = <T extends string>(...values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const TimeInfo = Type.Object({
  date: Type.Optional(Str(10)),
  timestamp: Type.Optional(Str(11)),
  timezone: Type.Optional(Str(64)),
});

const MeetingSettings = Type.Object({
  owner_id: Type.Optional(Str(128)),
  join_meeting_permission: Type.Optional(Enum('anyone_can_join', 'only_organization_employees', 'only_event_attendees')),
  password: Type.Optional(Str(64)),
  assign_hosts: Type.Optional(Type.Array(Str(128), { maxItems: 10 })),
  auto_record: Type.Optional(Type.Boolean()),
  open_lobby: Type.Optional(Type.Boolean()),
  allow_attendees_start: Type.Optional(Type.Boolean()),
});

export const Vchat = Type.Object({
  vc_type: Type.Optional(Enum('vc', 'third_party', 'no_meeting', 'lark_live', 'unknown', 'third_party_meeting')),
  icon_type: Type.Optional(Enum('vc', 'live', 'default')),
  description: Type.Optional(Str(500)),
  meeting_url: Type.Optional(Str(2000, 1)),
  live_link: Type.Optional(Str(2000)),
  vc_info: Type.Optional(Type.Object({ unique_id: Str(128), meeting_no: Str(64) })),
  meeting_settings: Type.Optional(MeetingSettings),
  third_party_meeting_settings: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

export const Location = Type.Object({
  name: Type.Optional(Str(512, 1)),
  address: Type.Optional(Str(255, 1)),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
});

const UiName = Enum('ForwardIcon', 'MeetingChatIcon', 'MeetingMinutesIcon', 'MeetingVideo', 'RSVP', 'Attendee', 'OrganizerOrCreator');
// Only `hide` may be written; `unknown`, `readonly` and `editable` are read-only (events.md §2.1).
const SchemaIn = Type.Object({ ui_name: UiName, ui_status: Type.Optional(Enum('hide')), app_link: Type.Optional(Str(2000)) });
const SchemaOut = Type.Object({ ui_name: Type.String(), ui_status: Type.Optional(Enum('unknown', 'hide', 'readonly', 'editable')), app_link: Type.Optional(Type.String()) });

const CheckInTime = Type.Object({
  time_type: Enum('before_event_start', 'after_event_start', 'after_event_end'),
  duration: Type.Union([0, 5, 15, 30, 60].map((n) => Type.Literal(n))),
});
export const CheckIn = Type.Object({
  enable_check_in: Type.Boolean(),
  check_in_start_time: Type.Optional(CheckInTime),
  check_in_end_time: Type.Optional(CheckInTime),
  need_notify_attendees: Type.Optional(Type.Boolean()),
});

export const Visibility = Enum('default', 'public', 'private');
export const EventStatus = Enum('tentative', 'confirmed', 'cancelled');
export const RsvpStatus = Enum('needs_action', 'accept', 'tentative', 'decline', 'removed');
export const AttendeeType = Enum('user', 'chat', 'resource', 'third_party');
const VcType = Enum('vc', 'third_party', 'no_meeting', 'lark_live', 'unknown', 'third_party_meeting');
const IconType = Enum('vc', 'live', 'default');
const JoinPermission = Enum('anyone_can_join', 'only_organization_employees', 'only_event_attendees');
export const AttendeeAbility = Enum('none', 'can_see_others', 'can_invite_others', 'can_modify_event');
export const FreeBusy = Enum('busy', 'free');

/** Create and patch take the same body; create requires the two times (checked in the core, 190002). */
export const EventBody = Type.Object({
  summary: Type.Optional(Str(1000)),
  description: Type.Optional(Str(40960)),
  description_rich: Type.Optional(Str(100000)),
  need_notification: Type.Optional(Type.Boolean()),
  start_time: Type.Optional(TimeInfo),
  end_time: Type.Optional(TimeInfo),
  vchat: Type.Optional(Vchat),
  visibility: Type.Optional(Visibility),
  attendee_ability: Type.Optional(AttendeeAbility),
  free_busy_status: Type.Optional(FreeBusy),
  location: Type.Optional(Location),
  color: Type.Optional(Int32),
  reminders: Type.Optional(Type.Array(Type.Object({ minutes: Type.Integer({ minimum: -20160, maximum: 20160 }) }), { maxItems: 100 })),
  recurrence: Type.Optional(Str(2010)),
  schemas: Type.Optional(Type.Array(SchemaIn, { maxItems: 20 })),
  attachments: Type.Optional(Type.Array(Type.Object({ file_token: Str(128), is_deleted: Type.Optional(Type.Boolean()) }), { maxItems: 100 })),
  event_check_in: Type.Optional(CheckIn),
  source: Type.Optional(Str(256)),
});
export type EventBody = Static<typeof EventBody>;

const TimeOut = Type.Object({ date: Type.Optional(Type.String()), timestamp: Type.Optional(Type.String()), timezone: Type.Optional(Type.String()) });

export const AttendeeJson = Type.Object({
  type: Type.Optional(AttendeeType),
  attendee_id: Type.Optional(Type.String()),
  rsvp_status: Type.Optional(RsvpStatus),
  is_optional: Type.Optional(Type.Boolean()),
  is_organizer: Type.Optional(Type.Boolean()),
  is_external: Type.Optional(Type.Boolean()),
  display_name: Type.Optional(Type.String()),
  chat_members: Type.Optional(Type.Array(Type.Object({
    rsvp_status: Type.Optional(RsvpStatus), is_optional: Type.Optional(Type.Boolean()), display_name: Type.Optional(Type.String()),
    is_organizer: Type.Optional(Type.Boolean()), is_external: Type.Optional(Type.Boolean()),
  }))),
  user_id: Type.Optional(Type.String()),
  chat_id: Type.Optional(Type.String()),
  room_id: Type.Optional(Type.String()),
  third_party_email: Type.Optional(Type.String()),
  operate_id: Type.Optional(Type.String()),
  resource_customization: Type.Optional(Type.Array(Type.Object({
    index_key: Type.String(), input_content: Type.Optional(Type.String()),
    options: Type.Optional(Type.Array(Type.Object({ option_key: Type.Optional(Type.String()), others_content: Type.Optional(Type.String()) }))),
  }))),
  approval_reason: Type.Optional(Type.String()),
});

/** Every field an event response may carry; which appear depends on the endpoint (events.md §2.1 table). */
export const EventJson = Type.Object({
  event_id: Type.String(),
  organizer_calendar_id: Type.Optional(Type.String()),
  summary: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  description_rich: Type.Optional(Type.String()),
  start_time: TimeOut,
  end_time: TimeOut,
  vchat: Type.Optional(Type.Object({
    vc_type: Type.Optional(VcType), icon_type: Type.Optional(IconType), description: Type.Optional(Type.String()),
    meeting_url: Type.Optional(Type.String()), live_link: Type.Optional(Type.String()),
    vc_info: Type.Optional(Type.Object({ unique_id: Type.String(), meeting_no: Type.String() })),
    meeting_settings: Type.Optional(Type.Object({
      owner_id: Type.Optional(Type.String()), join_meeting_permission: Type.Optional(JoinPermission), password: Type.Optional(Type.String()),
      assign_hosts: Type.Optional(Type.Array(Type.String())), auto_record: Type.Optional(Type.Boolean()),
      open_lobby: Type.Optional(Type.Boolean()), allow_attendees_start: Type.Optional(Type.Boolean()),
    })),
  })),
  visibility: Type.Optional(Visibility),
  attendee_ability: Type.Optional(AttendeeAbility),
  free_busy_status: Type.Optional(FreeBusy),
  location: Type.Optional(Type.Object({
    name: Type.Optional(Type.String()), address: Type.Optional(Type.String()),
    latitude: Type.Optional(Type.Number()), longitude: Type.Optional(Type.Number()),
  })),
  color: Type.Optional(Type.Integer()),
  reminders: Type.Optional(Type.Array(Type.Object({ minutes: Type.Integer() }))),
  recurrence: Type.Optional(Type.String()),
  status: Type.Optional(EventStatus),
  is_exception: Type.Optional(Type.Boolean()),
  recurring_event_id: Type.Optional(Type.String()),
  create_time: Type.Optional(Type.String()),
  schemas: Type.Optional(Type.Array(SchemaOut)),
  event_organizer: Type.Optional(Type.Object({ user_id: Type.Optional(Type.String()), display_name: Type.Optional(Type.String()) })),
  app_link: Type.Optional(Type.String()),
  attendees: Type.Optional(Type.Array(AttendeeJson)),
  has_more_attendee: Type.Optional(Type.Boolean()),
  attachments: Type.Optional(Type.Array(Type.Object({
    file_token: Type.Optional(Type.String()), file_size: Type.Optional(Type.String()), name: Type.Optional(Type.String()), is_deleted: Type.Optional(Type.Boolean()),
  }))),
  event_check_in: Type.Optional(CheckIn),
  source: Type.Optional(Type.String()),
  self_rsvp_status: Type.Optional(RsvpStatus),
});
export type EventJson = Static<typeof EventJson>;
