/**
 * The mailbox reader for fixture sources (the source port's one implementation
 * today): fetch the iCalendar text (fetch-source.ts), decode it with the
 * shared codec (core/exchange/mailbox-decode.ts). An EWS or Graph connector
 * would implement MailboxReader beside it.
 */
import { decodeMailbox } from '../../core/exchange/mailbox-decode.js';
import type { MailboxCalendar, MailboxSource } from '../../core/exchange/model.js';
import type { MailboxReader } from '../../core/exchange/ports.js';
import { fetchCalendarTexts } from './fetch-source.js';

export class FixtureMailboxReader implements MailboxReader {
  async read(source: MailboxSource): Promise<MailboxCalendar> {
    return decodeMailbox(await fetchCalendarTexts(source));
  }
}
