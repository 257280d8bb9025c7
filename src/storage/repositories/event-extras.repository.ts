import type { Kysely } from 'kysely';
import type { EventExtrasRepository } from '../../core/events/ports.js';
import type { Database } from '../tables.js';

type Extras = { meetingChatId: string | null; meetingChatOwner: string | null; minuteUrl: string | null };

export class KyselyEventExtrasRepository implements EventExtrasRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(uid: string): Promise<Extras | undefined> {
    const r = await this.db.selectFrom('event_extras').selectAll().where('uid', '=', uid).executeTakeFirst();
    return r && { meetingChatId: r.meeting_chat_id, meetingChatOwner: r.meeting_chat_owner, minuteUrl: r.minute_url };
  }

  async put(uid: string, e: Extras): Promise<void> {
    const row = { meeting_chat_id: e.meetingChatId, meeting_chat_owner: e.meetingChatOwner, minute_url: e.minuteUrl };
    await this.db.insertInto('event_extras').values({ uid, ...row }).onConflict((oc) => oc.column('uid').doUpdateSet(row)).execute();
  }
}
