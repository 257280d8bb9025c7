/**
 * Ids a test can predict: each kind counts up from 1, in the formats the
 * random source makes (src/core/ids.ts), so every validation still holds.
 * The first calendar created on a domain is `acme_0000000000000000000001@group.calendar.feishu.cn`.
 */
import type { IdSource } from '../../src/core/ids.js';

export class SequentialIds implements IdSource {
  private readonly counters = new Map<string, number>();

  /** The next number of `kind`, in base `radix`, left-padded to `width`. */
  private next(kind: string, width: number, radix = 16): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n.toString(radix).padStart(width, '0');
  }

  unionId(): string { return `on_${this.next('union', 32)}`; }
  userId(): string { return this.next('user', 8, 36); }
  appId(): string { return `cli_${this.next('app', 16)}`; }
  chatId(): string { return `oc_${this.next('chat', 32)}`; }
  roomId(): string { return `omm_${this.next('room', 32)}`; }
  internalRef(prefix: string): string { return `${prefix}_${this.next(`ref:${prefix}`, 24)}`; }
  number19(): string { return `1${this.next('number', 18, 10)}`; }
  calendarId(domain: string, host: string): string { return `${domain}_${this.next('calendar', 22, 36)}@group.calendar.${host}`; }
  roomCalendarId(domain: string, host: string): string { return `${domain}_${this.next('room-calendar', 22, 36)}@resource.calendar.${host}`; }
  eventUid(): string { return `00000000-0000-4000-8000-${this.next('event', 12)}`; }
  timeoffEventId(): string { return `timeoff:00000000-0000-4000-8000-${this.next('timeoff', 12)}`; }
  fileToken(): string { return this.next('file', 27, 36); }
  docToken(): string { return this.next('doc', 27, 36); }
}
