/**
 * One-use connection tickets. The SDK's WebSocket upgrade carries no
 * Authorization header (platform.md §9.1), so the URL the endpoint hands out
 * is the only credential: a random ticket, redeemable once, for a short time.
 */
import { randomBytes, randomInt } from 'node:crypto';

export interface Ticket {
  value: string;
  appId: string;
  /** Echoed by the client in every ping (`service` of its frames): a decimal int32. */
  serviceId: number;
  deviceId: string;
  expiresAt: number;
}

export interface TicketOptions {
  ttlMs: number;
  /** Outstanding tickets kept at most; the oldest is dropped to make room. */
  max: number;
}

export const TICKET_DEFAULTS: TicketOptions = { ttlMs: 30_000, max: 1000 };

export class TicketBook {
  // A Map iterates in insertion order, so its first entries are the oldest.
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly options: TicketOptions = TICKET_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  issue(appId: string): Ticket {
    this.sweep();
    while (this.tickets.size >= this.options.max) this.tickets.delete(this.tickets.keys().next().value!);
    const ticket: Ticket = {
      value: randomBytes(16).toString('hex'),
      appId,
      serviceId: randomInt(1, 2 ** 31),
      deviceId: String(randomInt(1, 2 ** 48)),
      expiresAt: this.now() + this.options.ttlMs,
    };
    this.tickets.set(ticket.value, ticket);
    return ticket;
  }

  /** The ticket, consumed; undefined when unknown, used or expired. */
  redeem(value: string): Ticket | undefined {
    const ticket = this.tickets.get(value);
    if (!ticket) return undefined;
    this.tickets.delete(value);
    return ticket.expiresAt > this.now() ? ticket : undefined;
  }

  get size(): number {
    return this.tickets.size;
  }

  clear(): void {
    this.tickets.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [value, ticket] of this.tickets) {
      // Issued in order with one TTL: the first live one ends the expired run.
      if (ticket.expiresAt > now) break;
      this.tickets.delete(value);
    }
  }
}
