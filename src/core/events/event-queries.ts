/** Reading events: list with sync, search, instances, instance_view (events.md §3.4, §3.6, §3.8, §3.9). */
import type { Clock, Store } from '../ports.js';

export class EventQueries {
  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}
}
