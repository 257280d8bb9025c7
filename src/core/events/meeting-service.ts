/** Meeting chats and minutes of events (events.md §3.16–§3.18). */
import type { Clock, Store } from '../ports.js';

export class MeetingService {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}
}
