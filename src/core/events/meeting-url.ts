/**
 * The Feishu video meeting an event gets by itself. Get Event List: "vc_type …
 * can be empty, means that the Lark video conference URL will be automatically
 * generated when an event invitee is added for the first time." So an event whose
 * meeting is unchosen or `vc` gets `https://vc.feishu.cn/j/<9 digits>` with its
 * first invitee; `third_party` keeps its own link and `no_meeting` never has one.
 *
 * The number comes from the series id, so every occurrence and exception of a
 * series shows the same URL, and an edit that keeps the meeting keeps the URL.
 */
import { createHash } from 'node:crypto';
import type { Needs } from '../ports.js';
import type { CalendarEvent, VideoMeeting } from './model.js';

/** Feishu's meeting numbers are nine digits; the join link is vc.feishu.cn/j/<number>. */
export function meetingNumberOf(seriesId: string): string {
  const digest = createHash('sha256').update(`larkcal-vc:${seriesId}`).digest();
  // 100000000–999999999: nine digits, never a leading zero.
  return String(100_000_000 + (digest.readUInt32BE(0) % 900_000_000));
}

export function meetingUrlOf(seriesId: string): string {
  return `https://vc.feishu.cn/j/${meetingNumberOf(seriesId)}`;
}

/** A meeting the server makes itself: not chosen yet, or Feishu VC. */
export function isBuiltInCandidate(meeting: VideoMeeting | null): boolean {
  return meeting === null || meeting.kind === undefined || meeting.kind === 'builtIn';
}

/** Whether the stored meeting carries the generated URL already. */
export function hasGeneratedUrl(meeting: VideoMeeting | null, seriesId: string): boolean {
  return meeting?.kind === 'builtIn' && meeting.url === meetingUrlOf(seriesId);
}

/**
 * The meeting once the event has invitees: a candidate becomes `vc` with the
 * series' URL (for `vc` "other fields in vchat are invalid", so a sent URL yields
 * to it); any other meeting is left as it is.
 */
export function withBuiltInMeeting(meeting: VideoMeeting | null, seriesId: string): VideoMeeting | null {
  if (!isBuiltInCandidate(meeting)) return meeting;
  return { ...meeting, kind: 'builtIn', url: meetingUrlOf(seriesId) };
}

/**
 * After an edit: a meeting that is still a candidate keeps (or, switched back to
 * `vc`, regains) the series' URL once the event has had invitees; one switched
 * to `third_party` or `no_meeting` loses it.
 */
export async function meetingAfterPatch(repos: Needs<'attendees'>, event: CalendarEvent, next: VideoMeeting | null): Promise<VideoMeeting | null> {
  if (!isBuiltInCandidate(next)) return next;
  const invited = hasGeneratedUrl(event.videoMeeting, event.seriesId)
    || (await repos.attendees.list(event.eventId, { includeRemoved: false, offset: 0, limit: 1 })).length > 0;
  return invited ? withBuiltInMeeting(next, event.seriesId) : next;
}
