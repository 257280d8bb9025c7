/**
 * Cross-field rules of vchat meeting settings and check-in (events.md §2.8–§2.9),
 * which a schema alone cannot say.
 */
import { DomainError, invalid } from '../errors.js';
import type { Json } from './model.js';

/** `organizerIsApp`: the event lives on an app's calendar (tenant token on the bot's primary). */
export function checkVchat(vchat: Json | undefined, organizerIsApp: boolean, callerIsOrganizer: boolean): void {
  const settings = vchat?.meeting_settings as Json | undefined;
  if (!settings) return;
  const password = settings.password;
  if (password !== undefined && password !== '') {
    if (!callerIsOrganizer) throw new DomainError('meeting_password_organizer_only');
    if (typeof password !== 'string' || !/^\d{4,9}$/.test(password)) throw new DomainError('meeting_password_invalid');
  }
  const hosts = settings.assign_hosts as unknown[] | undefined;
  if (organizerIsApp && ((hosts && hosts.length > 0) || settings.allow_attendees_start === false)) {
    throw new DomainError('bot_organizer_meeting_settings');
  }
  if (hosts && hosts.length > 0 && !callerIsOrganizer) throw new DomainError('assign_hosts_organizer_only');
}

const CHECK_IN_ORDER = { before_event_start: 0, after_event_start: 1, after_event_end: 2 } as const;

function offsetMinutes(point: Json): number {
  const type = point.time_type as keyof typeof CHECK_IN_ORDER;
  const duration = Number(point.duration);
  return type === 'before_event_start' ? -duration : type === 'after_event_start' ? duration : 100_000 + duration;
}

export function checkCheckIn(checkIn: Json | undefined): void {
  if (!checkIn) return;
  const start = checkIn.check_in_start_time as Json | undefined;
  const end = checkIn.check_in_end_time as Json | undefined;
  for (const [name, point] of [['check_in_start_time', start], ['check_in_end_time', end]] as const) {
    if (point?.time_type === 'before_event_start' && point.duration === 0) {
      throw invalid(`event_check_in.${name}.duration`, 'before_event_start cannot use 0 minutes', 0);
    }
  }
  if (start && end && offsetMinutes(start) >= offsetMinutes(end)) {
    throw invalid('event_check_in.check_in_end_time', 'check-in must start before it ends');
  }
}
