/** Free/busy (calendars.md §5.2 list, §5.3 batch): thin handlers over FreeBusyService. */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { BusyItem } from '../../../core/availability/freebusy.js';
import { RsvpStatus } from '../schemas/event.js';
import { formatRfc3339, type Offset } from '../../../core/availability/freebusy-time.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok, requestedIdType, UserIdTypeQuery } from '../schemas/common.js';

const BASE = '/calendar/v4/freebusy';
const BOTH = ['tenant', 'user'] as const;

export const FreebusyItem = Type.Object({ start_time: Type.String(), end_time: Type.String(), rsvp_status: Type.Optional(RsvpStatus) });
type ItemJson = Static<typeof FreebusyItem>;

// Times stay plain strings here: their format, zone and range get free/busy's own codes in the core.
const Common = {
  time_min: Type.String(),
  time_max: Type.String(),
  include_external_calendar: Type.Optional(Type.Boolean()),
  only_busy: Type.Optional(Type.Boolean()),
  need_rsvp_status: Type.Optional(Type.Boolean()),
};
const Id = Type.String({ maxLength: 256 });

/** `need_rsvp_status` defaults to false (not stated, §5.2): rsvp_status appears only when asked for. */
function render(items: readonly BusyItem[], offset: Offset, needRsvp: boolean): ItemJson[] {
  // Plain literals, no spread: a batch answer renders thousands of these.
  return needRsvp
    ? items.map((i) => ({ start_time: formatRfc3339(i.start, offset), end_time: formatRfc3339(i.end, offset), rsvp_status: i.rsvp }))
    : items.map((i) => ({ start_time: formatRfc3339(i.start, offset), end_time: formatRfc3339(i.end, offset) }));
}

export function registerFreeBusyRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { freeBusy } = deps;

  app.post(`${BASE}/list`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.freeBusyRead }, detailedErrors: true },
    schema: {
      querystring: UserIdTypeQuery,
      body: Type.Object({ ...Common, user_id: Type.Optional(Id), room_id: Type.Optional(Id) }),
      response: { 200: Ok(Type.Object({ freebusy_list: Type.Array(FreebusyItem) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const b = request.body;
    const answer = await freeBusy.list(auth.identity, {
      timeMin: b.time_min, timeMax: b.time_max, onlyBusy: b.only_busy ?? true, includeExternalCalendar: b.include_external_calendar ?? true,
      userIdType: requestedIdType(auth, request.query.user_id_type),
      ...(b.user_id && { userId: b.user_id }), ...(b.room_id && { roomId: b.room_id }),
    });
    return success({ freebusy_list: render(answer.items, answer.offset, b.need_rsvp_status ?? false) });
  });

  app.post(`${BASE}/batch`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.freeBusyRead }, detailedErrors: true },
    schema: {
      querystring: UserIdTypeQuery,
      // No item bounds on user_ids: 0 or more than 10 ids answer 198001, not a schema error.
      body: Type.Object({ ...Common, user_ids: Type.Optional(Type.Array(Id)) }),
      response: {
        200: Ok(Type.Object({ freebusy_lists: Type.Array(Type.Object({ user_id: Type.String(), freebusy_items: Type.Array(FreebusyItem) })) })),
      },
    },
  }, async (request) => {
    const auth = caller(request);
    const b = request.body;
    const answer = await freeBusy.batch(auth.identity, {
      timeMin: b.time_min, timeMax: b.time_max, onlyBusy: b.only_busy ?? true, includeExternalCalendar: b.include_external_calendar ?? true,
      userIdType: requestedIdType(auth, request.query.user_id_type), userIds: b.user_ids ?? [],
    });
    const needRsvp = b.need_rsvp_status ?? false;
    return success({
      freebusy_lists: answer.lists.map((l) => ({ user_id: l.userId, freebusy_items: render(l.items, answer.offset, needRsvp) })),
    });
  });
}
