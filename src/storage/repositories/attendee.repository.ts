import { sql, type Kysely } from 'kysely';
import type { AttendeeRepository } from '../../core/events/ports.js';
import type { Attendee, AttendeeType, ChatMemberRsvp, Json, RsvpStatus } from '../../core/events/model.js';
import type { AttendeeRow, Database } from '../tables.js';

const attendeeFromRow = (r: AttendeeRow): Attendee => ({
  eventId: r.event_id, attendeeId: r.attendee_id, type: r.type as AttendeeType, userRef: r.user_ref, chatId: r.chat_id,
  roomId: r.room_id, email: r.email, rsvpStatus: r.rsvp_status as RsvpStatus, isOptional: r.is_optional === 1,
  isOrganizer: r.is_organizer === 1, isExternal: r.is_external === 1, displayName: r.display_name, operateRef: r.operate_ref,
  approvalReason: r.approval_reason, resourceCustomization: JSON.parse(r.resource_customization) as Json[],
  removed: r.removed === 1, seq: r.seq,
});

export const attendeeToRow = (a: Attendee): AttendeeRow => ({
  event_id: a.eventId, attendee_id: a.attendeeId, type: a.type, user_ref: a.userRef, chat_id: a.chatId, room_id: a.roomId,
  email: a.email, rsvp_status: a.rsvpStatus, is_optional: a.isOptional ? 1 : 0, is_organizer: a.isOrganizer ? 1 : 0,
  is_external: a.isExternal ? 1 : 0, display_name: a.displayName, operate_ref: a.operateRef, approval_reason: a.approvalReason,
  resource_customization: JSON.stringify(a.resourceCustomization), removed: a.removed ? 1 : 0, seq: a.seq,
});

export class KyselyAttendeeRepository implements AttendeeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rowLocks: boolean,
  ) {}

  async put(a: Attendee): Promise<void> {
    const row = attendeeToRow(a);
    const { event_id: _e, attendee_id: _a, ...update } = row;
    await this.db.insertInto('attendees').values(row).onConflict((oc) => oc.columns(['event_id', 'attendee_id']).doUpdateSet(update)).execute();
  }

  async get(eventId: string, attendeeId: string): Promise<Attendee | undefined> {
    const r = await this.db.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('attendee_id', '=', attendeeId).executeTakeFirst();
    return r && attendeeFromRow(r);
  }

  async list(eventId: string, options: { includeRemoved: boolean; offset: number; limit: number }): Promise<Attendee[]> {
    let query = this.db.selectFrom('attendees').selectAll().where('event_id', '=', eventId);
    if (!options.includeRemoved) query = query.where('removed', '=', 0);
    const rows = await query.orderBy('seq').orderBy('attendee_id').offset(options.offset).limit(options.limit).execute();
    return rows.map(attendeeFromRow);
  }

  async count(eventId: string): Promise<number> {
    const r = await this.db.selectFrom('attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('removed', '=', 0).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async roomsOf(eventIds: readonly string[]): Promise<Attendee[]> {
    const out: Attendee[] = [];
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.db.selectFrom('attendees').selectAll()
        .where('event_id', 'in', eventIds.slice(i, i + 500)).where('type', '=', 'resource').where('removed', '=', 0)
        .orderBy('seq').execute();
      out.push(...rows.map(attendeeFromRow));
    }
    return out;
  }

  async ofUser(eventId: string, userRef: string): Promise<Attendee | undefined> {
    const r = await this.db.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('type', '=', 'user').where('user_ref', '=', userRef).executeTakeFirst();
    return r && attendeeFromRow(r);
  }

  async ofUserIn(userRef: string, eventIds: readonly string[]): Promise<Attendee[]> {
    const out: Attendee[] = [];
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.db.selectFrom('attendees').selectAll()
        .where('user_ref', '=', userRef).where('type', '=', 'user').where('event_id', 'in', eventIds.slice(i, i + 500)).execute();
      out.push(...rows.map(attendeeFromRow));
    }
    return out;
  }

  async chatMembershipsIn(userRef: string, eventIds: readonly string[]): Promise<ChatMemberRsvp[]> {
    const out: ChatMemberRsvp[] = [];
    for (let i = 0; i < eventIds.length; i += 500) {
      const rows = await this.db.selectFrom('chat_member_rsvps').selectAll()
        .where('user_ref', '=', userRef).where('event_id', 'in', eventIds.slice(i, i + 500)).execute();
      out.push(...rows.map((r) => ({ eventId: r.event_id, attendeeId: r.attendee_id, userRef: r.user_ref, rsvpStatus: r.rsvp_status as RsvpStatus })));
    }
    return out;
  }

  async putChatMember(m: ChatMemberRsvp): Promise<void> {
    await this.db
      .insertInto('chat_member_rsvps')
      .values({ event_id: m.eventId, attendee_id: m.attendeeId, user_ref: m.userRef, rsvp_status: m.rsvpStatus })
      .onConflict((oc) => oc.columns(['event_id', 'attendee_id', 'user_ref']).doUpdateSet({ rsvp_status: m.rsvpStatus }))
      .execute();
  }

  async chatMembers(eventId: string, attendeeId: string): Promise<ChatMemberRsvp[]> {
    const rows = await this.db.selectFrom('chat_member_rsvps').selectAll().where('event_id', '=', eventId).where('attendee_id', '=', attendeeId).orderBy('user_ref').execute();
    return rows.map((r) => ({ eventId: r.event_id, attendeeId: r.attendee_id, userRef: r.user_ref, rsvpStatus: r.rsvp_status as RsvpStatus }));
  }

  async chatMembershipsOf(eventId: string, userRef: string): Promise<ChatMemberRsvp[]> {
    const rows = await this.db.selectFrom('chat_member_rsvps').selectAll().where('event_id', '=', eventId).where('user_ref', '=', userRef).execute();
    return rows.map((r) => ({ eventId: r.event_id, attendeeId: r.attendee_id, userRef: r.user_ref, rsvpStatus: r.rsvp_status as RsvpStatus }));
  }

  async maxSeq(eventId: string): Promise<number> {
    const r = await this.db.selectFrom('attendees').select((eb) => eb.fn.max('seq').as('seq')).where('event_id', '=', eventId).executeTakeFirst();
    return Number(r?.seq ?? 0);
  }

  async removeChatMembers(eventId: string, attendeeId: string): Promise<void> {
    await this.db.deleteFrom('chat_member_rsvps').where('event_id', '=', eventId).where('attendee_id', '=', attendeeId).execute();
  }

  async lockRoom(roomId: string): Promise<void> {
    // SQLite runs one write transaction at a time; PostgreSQL needs the row lock.
    if (this.rowLocks) await sql`select room_id from rooms where room_id = ${roomId} for update`.execute(this.db);
  }
}
