/** What time-off needs from storage (implemented in storage/repositories/timeoff.repository.ts). */

/** A time-off event (calendars.md §6.1) and the calendar event that shows it. */
export interface TimeoffEvent {
  /** `timeoff:{uuid}`. */
  timeoffEventId: string;
  tenantKey: string;
  /** The app that created it: only it may delete it (195000). */
  appId: string;
  userRef: string;
  /** The event on the user's primary calendar that stands for the leave. */
  eventId: string;
  timezone: string;
  /** As the caller sent them: both Unix seconds, or both `YYYY-MM-DD` (end inclusive). */
  startTime: string;
  endTime: string;
  title: string;
  description: string;
  deleted: boolean;
  /** Epoch ms. */
  createdAt: number;
}

export interface TimeoffRepository {
  insert(timeoff: TimeoffEvent): Promise<void>;
  get(timeoffEventId: string): Promise<TimeoffEvent | undefined>;
  markDeleted(timeoffEventId: string): Promise<void>;
  /** The time-off an event stands for, if any: how event views can tell a leave from a meeting. */
  findByEvent(eventId: string): Promise<TimeoffEvent | undefined>;
}
