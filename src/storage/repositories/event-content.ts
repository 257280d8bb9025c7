/**
 * The events table's `content` column: what the organizer sets, as JSON.
 * Version 1 (every row so far): the sub-objects as Feishu's JSON, stored as
 * the Open API received them. Its mapping is written out here, frozen, rather
 * than borrowed from the adapter, so that a change there cannot misread rows.
 */
import type { EventContent, CheckInPoint, MeetingKind, MeetingIcon, MeetingJoinPolicy, VideoMeeting, CheckIn, Attachment, Location } from '../../core/events/model.js';

type Obj = Record<string, unknown>;

interface ContentV1 extends Omit<EventContent, 'location' | 'videoMeeting' | 'attachments' | 'checkIn'> {
  location: Obj | null;
  vchat: Obj | null;
  attachments: Obj[];
  checkIn: Obj | null;
}

const V1_KIND: Record<string, MeetingKind> = {
  vc: 'builtIn', third_party: 'link', no_meeting: 'none', lark_live: 'live', unknown: 'unknown', third_party_meeting: 'thirdPartyMeeting',
};
const V1_ICON: Record<string, MeetingIcon> = { vc: 'video', live: 'live', default: 'default' };
const V1_JOIN: Record<string, MeetingJoinPolicy> = { anyone_can_join: 'anyone', only_organization_employees: 'organization', only_event_attendees: 'attendees' };
const V1_ANCHOR: Record<string, CheckInPoint['anchor']> = { before_event_start: 'beforeStart', after_event_start: 'afterStart', after_event_end: 'afterEnd' };

const invert = <T extends string>(table: Record<string, T>) => Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k])) as Record<T, string>;
const KIND_V1 = invert(V1_KIND);
const ICON_V1 = invert(V1_ICON);
const JOIN_V1 = invert(V1_JOIN);
const ANCHOR_V1 = invert(V1_ANCHOR);

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

function fromV1(c: ContentV1): EventContent {
  return {
    summary: c.summary, description: c.description, descriptionRich: c.descriptionRich, start: c.start, end: c.end, recurrence: c.recurrence,
    visibility: c.visibility, attendeeAbility: c.attendeeAbility, freeBusyStatus: c.freeBusyStatus, color: c.color, reminders: c.reminders,
    location: c.location && locationV1(c.location), videoMeeting: c.vchat && meetingV1(c.vchat), schemas: c.schemas,
    attachments: c.attachments.map(attachmentV1), checkIn: c.checkIn && checkInV1(c.checkIn), source: c.source,
  };
}

function toV1(e: EventContent): ContentV1 {
  const m = e.videoMeeting;
  const s = m?.settings;
  const point = (p: CheckInPoint | undefined) => p && { time_type: ANCHOR_V1[p.anchor], duration: p.minutes };
  return {
    summary: e.summary, description: e.description, descriptionRich: e.descriptionRich, start: e.start, end: e.end, recurrence: e.recurrence,
    visibility: e.visibility, attendeeAbility: e.attendeeAbility, freeBusyStatus: e.freeBusyStatus, color: e.color, reminders: e.reminders,
    location: e.location && { name: e.location.name, address: e.location.address, latitude: e.location.latitude, longitude: e.location.longitude },
    vchat: m && {
      vc_type: m.kind && KIND_V1[m.kind], icon_type: m.icon && ICON_V1[m.icon], description: m.label, meeting_url: m.url, live_link: m.liveLink,
      vc_info: m.room && { unique_id: m.room.uniqueId, meeting_no: m.room.number },
      meeting_settings: s && {
        owner_id: s.ownerId, join_meeting_permission: s.joinPolicy && JOIN_V1[s.joinPolicy], password: s.password, assign_hosts: s.hosts,
        auto_record: s.autoRecord, open_lobby: s.openLobby, allow_attendees_start: s.attendeesMayStart,
      },
      third_party_meeting_settings: m.thirdPartySettings,
    },
    schemas: e.schemas,
    attachments: e.attachments.map((a) => ({ file_token: a.fileToken, file_size: String(a.size), name: a.name })),
    checkIn: e.checkIn && {
      enable_check_in: e.checkIn.enabled, check_in_start_time: point(e.checkIn.opens), check_in_end_time: point(e.checkIn.closes),
      need_notify_attendees: e.checkIn.notifyAttendees,
    },
    source: e.source,
  };
}

export function decodeContent(json: string): EventContent {
  return fromV1(JSON.parse(json) as ContentV1);
}

export function encodeContent(content: EventContent): string {
  return JSON.stringify(toV1(content));
}
