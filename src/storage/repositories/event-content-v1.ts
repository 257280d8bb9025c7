/**
 * Frozen. Version 1 of the events table's content (no `v`; every row written
 * before migration 0009): the organizer's fields as the core then named them,
 * the sub-objects as Feishu's JSON, stored as the Open API received them. The
 * mapping to the core's terms is written out here rather than borrowed from
 * the adapter, so that no later change there can misread these rows.
 */
import type { Attachment, CalendarEvent, CheckIn, CheckInPoint, Location, MeetingIcon, MeetingJoinPolicy, MeetingKind, VideoMeeting } from '../../core/events/model.js';
import type { EventColumns } from './event-content.js';

type Obj = Record<string, unknown>;

type Time = { kind: 'timed'; ts: number; tz: string } | { kind: 'date'; date: string };

/** As eventToRow wrote it (model.ts's EventContent of that time). */
export interface ContentV1 {
  summary: string;
  description: string;
  descriptionRich: string;
  start: Time;
  end: Time;
  recurrence: string;
  visibility: 'default' | 'public' | 'private';
  attendeeAbility: 'none' | 'can_see_others' | 'can_invite_others' | 'can_modify_event';
  freeBusyStatus: 'busy' | 'free';
  color: number;
  reminders: Array<{ minutes: number }>;
  location: Obj | null;
  vchat: Obj | null;
  schemas: Obj[];
  attachments: Obj[];
  checkIn: Obj | null;
  source: string;
}

const V1_KIND: Record<string, MeetingKind> = {
  vc: 'builtIn', third_party: 'link', no_meeting: 'none', lark_live: 'live', unknown: 'unknown', third_party_meeting: 'thirdPartyMeeting',
};
const V1_ICON: Record<string, MeetingIcon> = { vc: 'video', live: 'live', default: 'default' };
const V1_JOIN: Record<string, MeetingJoinPolicy> = { anyone_can_join: 'anyone', only_organization_employees: 'organization', only_event_attendees: 'attendees' };
const V1_ANCHOR: Record<string, CheckInPoint['anchor']> = { before_event_start: 'beforeStart', after_event_start: 'afterStart', after_event_end: 'afterEnd' };

/** The object without its undefined entries, as JSON would keep it. */
function defined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as Array<keyof T>) if (o[key] === undefined) delete o[key];
  return o;
}

const text = (v: unknown) => (v === undefined ? undefined : String(v));

function locationV1(l: Obj): Location {
  return defined({ name: text(l.name), address: text(l.address), latitude: l.latitude as number | undefined, longitude: l.longitude as number | undefined });
}

function meetingV1(v: Obj): VideoMeeting {
  const s = v.meeting_settings as Obj | undefined;
  const room = v.vc_info as Obj | undefined;
  return defined({
    kind: v.vc_type === undefined ? undefined : V1_KIND[String(v.vc_type)], icon: v.icon_type === undefined ? undefined : V1_ICON[String(v.icon_type)],
    label: text(v.description), url: text(v.meeting_url), liveLink: text(v.live_link),
    room: room && { uniqueId: String(room.unique_id), number: String(room.meeting_no) },
    settings: s && defined({
      ownerId: text(s.owner_id), joinPolicy: s.join_meeting_permission === undefined ? undefined : V1_JOIN[String(s.join_meeting_permission)],
      password: text(s.password), hosts: s.assign_hosts as string[] | undefined, autoRecord: s.auto_record as boolean | undefined,
      openLobby: s.open_lobby as boolean | undefined, attendeesMayStart: s.allow_attendees_start as boolean | undefined,
    }),
    thirdPartySettings: v.third_party_meeting_settings as Obj | undefined,
  });
}

/** Size and name were stored when the file was checked; entries without them read as the adapter then showed them. */
const attachmentV1 = (a: Obj): Attachment => ({ fileToken: String(a.file_token), size: Number(a.file_size ?? 0) || 0, name: String(a.name ?? '') });

function checkInV1(c: Obj): CheckIn {
  const point = (p: unknown): CheckInPoint | undefined => {
    const o = p as Obj | undefined;
    return o && { anchor: V1_ANCHOR[String(o.time_type)]!, minutes: Number(o.duration) };
  };
  return defined({
    enabled: c.enable_check_in === true, opens: point(c.check_in_start_time), closes: point(c.check_in_end_time),
    notifyAttendees: c.need_notify_attendees as boolean | undefined,
  });
}

/** A v1 row's event, its content in the core's terms. */
export function fromV1(c: ContentV1, k: EventColumns): CalendarEvent {
  return {
    ...k,
    summary: c.summary, description: c.description, descriptionRich: c.descriptionRich, start: c.start, end: c.end, recurrence: c.recurrence,
    visibility: c.visibility, attendeeAbility: c.attendeeAbility, freeBusyStatus: c.freeBusyStatus, color: c.color, reminders: c.reminders,
    location: c.location && locationV1(c.location), videoMeeting: c.vchat && meetingV1(c.vchat), schemas: c.schemas,
    attachments: (c.attachments ?? []).map(attachmentV1), checkIn: c.checkIn && checkInV1(c.checkIn), source: c.source,
  };
}
