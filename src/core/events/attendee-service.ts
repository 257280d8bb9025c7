/** Attendees, chat members and meeting rooms of events (events.md §2.6–§2.7, §3.12–§3.15). */
import type { Clock, Store } from '../ports.js';

export class AttendeeService {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}
}
