import type { Kysely } from 'kysely';
import type { EventExtrasRepository } from '../../core/events/ports.js';
import type { Database } from '../tables.js';

type Extras = { meetingChatId: string | null; meetingChatOwner: string | null; minuteUrl: string | null };

export class KyselyEventExtrasRepository implements EventExtrasRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(seriesId: string): Promise<Extras | undefined> {
    const r = await this.db.selectFrom('event_extras').selectAll().where('series_id', '=', seriesId).executeTakeFirst();
    return r && { meetingChatId: r.meeting_chat_id, meetingChatOwner: r.meeting_chat_owner, minuteUrl: r.minute_url };
  }

  async put(seriesId: string, e: Extras): Promise<void> {
    const row = { meeting_chat_id: e.meetingChatId, meeting_chat_owner: e.meetingChatOwner, minute_url: e.minuteUrl };
    await this.db.insertInto('event_extras').values({ series_id: seriesId, ...row }).onConflict((oc) => oc.column('series_id').doUpdateSet(row)).execute();
  }
}
