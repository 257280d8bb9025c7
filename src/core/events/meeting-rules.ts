/**
 * Cross-field rules of video meeting settings and check-in (events.md §2.8–§2.9),
 * which a schema alone cannot say.
 */
import { DomainError, invalid } from '../errors.js';
import type { CheckIn, CheckInPoint, VideoMeeting } from './model.js';

/** `organizerIsApp`: the event lives on an app's calendar (tenant token on the bot's primary). */
export function checkVideoMeeting(meeting: VideoMeeting | undefined, organizerIsApp: boolean, callerIsOrganizer: boolean): void {
  const settings = meeting?.settings;
  if (!settings) return;
  const password = settings.password;
  if (password !== undefined && password !== '') {
    if (!callerIsOrganizer) throw new DomainError('forbidden:meeting_password');
    if (!/^\d{4,9}$/.test(password)) throw new DomainError('invalid:meeting_password');
  }
  const hosts = settings.hosts;
  if (organizerIsApp && ((hosts && hosts.length > 0) || settings.attendeesMayStart === false)) {
    throw new DomainError('forbidden:bot_meeting_settings');
  }
  if (hosts && hosts.length > 0 && !callerIsOrganizer) throw new DomainError('forbidden:assign_hosts');
}

/** Minutes from the event's start, with every after-end point after every start-relative one. */
function offsetMinutes(point: CheckInPoint): number {
  return point.anchor === 'beforeStart' ? -point.minutes : point.anchor === 'afterStart' ? point.minutes : 100_000 + point.minutes;
}

export function checkCheckIn(checkIn: CheckIn | undefined): void {
  if (!checkIn) return;
  const { opens, closes } = checkIn;
  for (const [name, point] of [['check_in_start_time', opens], ['check_in_end_time', closes]] as const) {
    if (point?.anchor === 'beforeStart' && point.minutes === 0) {
      throw invalid(`event_check_in.${name}.duration`, 'before_event_start cannot use 0 minutes', 0);
    }
  }
  if (opens && closes && offsetMinutes(opens) >= offsetMinutes(closes)) {
    throw invalid('event_check_in.check_in_end_time', 'check-in must start before it ends');
  }
}
