/** Create and patch bodies (events.md §2.1) → the core's EventInput: Feishu's fields and words to the core's. */
import type { Static } from '@sinclair/typebox';
import type { AttachmentEdit, EventInput } from '../../../core/events/input.js';
import type { CheckIn, CheckInPoint, Json, Location, MeetingSettings, VideoMeeting } from '../../../core/events/model.js';
import { CHECK_IN_TIME_TYPE, ICON_TYPE, inverse, JOIN_PERMISSION, VC_TYPE, type CheckIn as CheckInSchema, type EventBody, type Location as LocationSchema, type Vchat } from './event.js';

const KIND = inverse(VC_TYPE);
const ICON = inverse(ICON_TYPE);
const JOIN = inverse(JOIN_PERMISSION);
const ANCHOR = inverse(CHECK_IN_TIME_TYPE);

/** The object without its undefined entries, as JSON would keep it. */
function defined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as Array<keyof T>) if (o[key] === undefined) delete o[key];
  return o;
}

export function bodyToInput(body: EventBody): EventInput {
  return defined<EventInput>({
    summary: body.summary, description: body.description, descriptionRich: body.description_rich,
    start: body.start_time, end: body.end_time, recurrence: body.recurrence, visibility: body.visibility,
    attendeeAbility: body.attendee_ability, freeBusyStatus: body.free_busy_status, color: body.color, reminders: body.reminders,
    location: body.location && locationFromFeishu(body.location), videoMeeting: body.vchat && videoMeetingFromFeishu(body.vchat),
    schemas: body.schemas as Json[] | undefined, attachments: body.attachments?.map(attachmentEditFromFeishu),
    checkIn: body.event_check_in && checkInFromFeishu(body.event_check_in), source: body.source,
  });
}

export function locationFromFeishu(l: Static<typeof LocationSchema>): Location {
  return defined({ name: l.name, address: l.address, latitude: l.latitude, longitude: l.longitude });
}

export function videoMeetingFromFeishu(v: Static<typeof Vchat>): VideoMeeting {
  const s = v.meeting_settings;
  const settings: MeetingSettings | undefined = s && defined({
    ownerId: s.owner_id, joinPolicy: s.join_meeting_permission && JOIN[s.join_meeting_permission], password: s.password, hosts: s.assign_hosts,
    autoRecord: s.auto_record, openLobby: s.open_lobby, attendeesMayStart: s.allow_attendees_start,
  });
  return defined({
    kind: v.vc_type && KIND[v.vc_type], icon: v.icon_type && ICON[v.icon_type], label: v.description, url: v.meeting_url, liveLink: v.live_link,
    room: v.vc_info && { uniqueId: v.vc_info.unique_id, number: v.vc_info.meeting_no }, settings,
    thirdPartySettings: v.third_party_meeting_settings,
  });
}

/** `is_deleted` is a patch's removal (events.md §2.9). */
export function attachmentEditFromFeishu(a: { file_token: string; is_deleted?: boolean }): AttachmentEdit {
  return { fileToken: a.file_token, remove: a.is_deleted === true };
}

export function checkInFromFeishu(c: Static<typeof CheckInSchema>): CheckIn {
  const point = (p: typeof c.check_in_start_time): CheckInPoint | undefined => p && { anchor: ANCHOR[p.time_type], minutes: p.duration };
  return defined({ enabled: c.enable_check_in, opens: point(c.check_in_start_time), closes: point(c.check_in_end_time), notifyAttendees: c.need_notify_attendees });
}
