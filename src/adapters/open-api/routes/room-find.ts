/** POST /freebusy/room_find (calendars.md §5.6): a thin handler over RoomFinder. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { formatRfc3339 } from '../../../core/availability/freebusy-time.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok } from '../schemas/common.js';

/** Tenant and user tokens, scope `calendar:calendar.free_busy:read`, as the official CLI calls it (§5.1). */
const AUTH = { tokens: ['tenant', 'user'] as const, scopes: SCOPES.availability };

const Text = Type.String({ maxLength: 256 });
const Ids = Type.Array(Type.String({ maxLength: 256 }));
const Capacity = Type.Integer({ minimum: 0, maximum: 2147483647 });

// Times and rules stay plain strings here: their format, zone and range are checked in the core (190014).
const Body = Type.Object({
  event_start_time: Type.String(),
  event_end_time: Type.String(),
  event_rrule: Type.Optional(Type.String()),
  timezone: Type.Optional(Text),
  city: Type.Optional(Text),
  building: Type.Optional(Text),
  floor: Type.Optional(Text),
  room_name: Type.Optional(Text),
  min_capacity: Type.Optional(Capacity),
  max_capacity: Type.Optional(Capacity),
  attendee_user_ids: Type.Optional(Ids),
  attendee_chat_ids: Type.Optional(Ids),
});

const AvailableRoom = Type.Object({
  room_id: Type.String(),
  room_name: Type.String(),
  capacity: Type.Integer(),
  reserve_until_time: Type.String(),
});

export function registerRoomFindRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { roomFinder } = deps;

  app.post('/calendar/v4/freebusy/room_find', {
    config: { auth: AUTH, detailedErrors: true },
    schema: { body: Body, response: { 200: Ok(Type.Object({ available_rooms: Type.Array(AvailableRoom) })) } },
  }, async (request) => {
    const b = request.body;
    const answer = await roomFinder.find(caller(request).identity, {
      eventStartTime: b.event_start_time, eventEndTime: b.event_end_time,
      ...(b.event_rrule !== undefined && { eventRrule: b.event_rrule }), ...(b.timezone !== undefined && { timezone: b.timezone }),
      ...(b.city !== undefined && { city: b.city }), ...(b.building !== undefined && { building: b.building }),
      ...(b.floor !== undefined && { floor: b.floor }), ...(b.room_name !== undefined && { roomName: b.room_name }),
      ...(b.min_capacity !== undefined && { minCapacity: b.min_capacity }), ...(b.max_capacity !== undefined && { maxCapacity: b.max_capacity }),
    });
    return success({
      available_rooms: answer.rooms.map(({ room, reserveUntil }) => ({
        room_id: room.roomId, room_name: room.name, capacity: room.capacity, reserve_until_time: formatRfc3339(reserveUntil, answer.offset),
      })),
    });
  });
}
