/**
 * Seams of free/busy towards things it does not own.
 *
 * Time off (calendars.md §6): time-off events are stored as ordinary events on
 * the user's primary calendar, so the busy rules count them without help. This
 * port is for time off that is *not* such an event (say, a leave period known
 * only to a leave system). Nothing provides one yet, so `NO_TIME_OFF` answers
 * nothing; whoever adds one passes it to `FreeBusyService`.
 */
import type { Window } from './freebusy.js';

export interface TimeOffPeriods {
  /** The user's time-off periods overlapping the window (UTC seconds); each is a busy item. */
  busyPeriods(userRef: string, window: Window): Promise<Array<{ start: number; end: number }>>;
}

export const NO_TIME_OFF: TimeOffPeriods = {
  async busyPeriods() {
    return [];
  },
};
