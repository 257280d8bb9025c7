/**
 * The meeting-room directory (vc/v1 rooms and room_levels) that Feishu clients
 * list and search before booking a room as an event attendee. Read-only, backed
 * by the fixture's rooms. Out-of-schema input is the gateway's 99992402 (the pages'
 * 数据校验规则); the vc family's own codes are 121003 (param) and 121004 (not found).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { RoomView } from '../../../core/rooms/room-directory.js';
import type { RoomLevel } from '../../../core/rooms/room-levels.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok, requestedIdType, UserIdTypeSchema } from '../schemas/common.js';
import { gatewayValidatorCompiler } from '../validation.js';

const ROOMS = '/vc/v1/rooms';
const LEVELS = '/vc/v1/room_levels';
const TENANT_ONLY = ['tenant'] as const;
// Room search returns "the rooms the user may book": it takes a user token too.
const BOTH = ['tenant', 'user'] as const;

const RoomJson = Type.Object({
  room_id: Type.String(),
  name: Type.String(),
  capacity: Type.Integer(),
  description: Type.String(),
  room_level_id: Type.String(),
  path: Type.Array(Type.String()),
  room_status: Type.Object({ status: Type.Boolean(), schedule_status: Type.Boolean() }),
  device: Type.Array(Type.Object({ name: Type.String() })),
});

const LevelJson = Type.Object({
  room_level_id: Type.String(),
  name: Type.String(),
  parent_id: Type.String(),
  path: Type.Array(Type.String()),
  has_child: Type.Boolean(),
  custom_group_id: Type.String(),
});

const PageQuery = {
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  page_token: Type.Optional(Type.String({ maxLength: 512 })),
  room_level_id: Type.Optional(Type.String({ maxLength: 128 })),
};

/** larkcal rooms are always enabled and bookable, with no devices on record. */
function roomToFeishu({ room, level }: RoomView) {
  return {
    room_id: room.roomId, name: room.name, capacity: room.capacity, description: '',
    room_level_id: level.roomLevelId, path: [...level.path, level.roomLevelId],
    room_status: { status: true, schedule_status: true }, device: [],
  };
}

function levelToFeishu(l: RoomLevel) {
  return { room_level_id: l.roomLevelId, name: l.name, parent_id: l.parentId, path: l.path, has_child: l.hasChild, custom_group_id: l.customGroupId };
}

export function registerVcRoomRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { rooms } = deps;
  const read = (tokens: typeof TENANT_ONLY | typeof BOTH) => ({ auth: { tokens, scopes: SCOPES.vcRoomRead, bot: false } });
  const userIdType = { user_id_type: Type.Optional(UserIdTypeSchema) };

  app.get(ROOMS, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      querystring: Type.Object({ ...PageQuery, ...userIdType }),
      response: { 200: Ok(Type.Object({ rooms: Type.Array(RoomJson), page_token: Type.Optional(Type.String()), has_more: Type.Boolean() })) },
    },
  }, async (request) => {
    const auth = caller(request);
    requestedIdType(auth, request.query.user_id_type);
    const q = request.query;
    const page = await rooms.listRooms(auth.identity.tenantKey, { roomLevelId: q.room_level_id, pageSize: q.page_size, pageToken: q.page_token });
    return success({ rooms: page.items.map(roomToFeishu), ...(page.hasMore && { page_token: page.pageToken }), has_more: page.hasMore });
  });

  app.post(`${ROOMS}/search`, {
    config: read(BOTH), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      querystring: Type.Object(userIdType),
      body: Type.Object({
        custom_room_ids: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 })),
        keyword: Type.Optional(Type.String({ maxLength: 255 })),
        room_level_id: Type.Optional(Type.String({ maxLength: 128 })),
        search_level_name: Type.Optional(Type.Boolean()),
        page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        page_token: Type.Optional(Type.String({ maxLength: 512 })),
      }),
      response: { 200: Ok(Type.Object({ rooms: Type.Array(RoomJson), page_token: Type.Optional(Type.String()), has_more: Type.Boolean() })) },
    },
  }, async (request) => {
    const auth = caller(request);
    requestedIdType(auth, request.query.user_id_type);
    const b = request.body;
    const page = await rooms.searchRooms(auth.identity.tenantKey, {
      customRoomIds: b.custom_room_ids, keyword: b.keyword, roomLevelId: b.room_level_id, searchLevelName: b.search_level_name,
      pageSize: b.page_size, pageToken: b.page_token,
    });
    return success({ rooms: page.items.map(roomToFeishu), ...(page.hasMore && { page_token: page.pageToken }), has_more: page.hasMore });
  });

  app.post(`${ROOMS}/mget`, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      querystring: Type.Object(userIdType),
      body: Type.Object({ room_ids: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 }) }),
      response: { 200: Ok(Type.Object({ items: Type.Array(RoomJson) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    requestedIdType(auth, request.query.user_id_type);
    return success({ items: (await rooms.mgetRooms(auth.identity.tenantKey, request.body.room_ids)).map(roomToFeishu) });
  });

  app.get(`${ROOMS}/:room_id`, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      params: Type.Object({ room_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      querystring: Type.Object(userIdType),
      response: { 200: Ok(Type.Object({ room: RoomJson })) },
    },
  }, async (request) => {
    const auth = caller(request);
    requestedIdType(auth, request.query.user_id_type);
    return success({ room: roomToFeishu(await rooms.getRoom(auth.identity.tenantKey, request.params.room_id)) });
  });

  app.get(LEVELS, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      querystring: Type.Object(PageQuery),
      response: { 200: Ok(Type.Object({ items: Type.Array(LevelJson), page_token: Type.Optional(Type.String()), has_more: Type.Boolean() })) },
    },
  }, async (request) => {
    const q = request.query;
    const page = await rooms.listLevels(caller(request).identity.tenantKey, { roomLevelId: q.room_level_id, pageSize: q.page_size, pageToken: q.page_token });
    return success({ items: page.items.map(levelToFeishu), ...(page.hasMore && { page_token: page.pageToken }), has_more: page.hasMore });
  });

  app.get(`${LEVELS}/search`, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      querystring: Type.Object({ custom_level_ids: Type.String({ maxLength: 4096 }) }),
      response: { 200: Ok(Type.Object({ level_ids: Type.Array(Type.String()) })) },
    },
  }, async (request) => {
    return success({ level_ids: await rooms.searchLevels(caller(request).identity.tenantKey, request.query.custom_level_ids) });
  });

  app.post(`${LEVELS}/mget`, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      body: Type.Object({ level_ids: Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 }) }),
      response: { 200: Ok(Type.Object({ items: Type.Array(LevelJson) })) },
    },
  }, async (request) => {
    return success({ items: (await rooms.mgetLevels(caller(request).identity.tenantKey, request.body.level_ids)).map(levelToFeishu) });
  });

  app.get(`${LEVELS}/:room_level_id`, {
    config: read(TENANT_ONLY), validatorCompiler: gatewayValidatorCompiler,
    schema: {
      params: Type.Object({ room_level_id: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: { 200: Ok(Type.Object({ room_level: LevelJson })) },
    },
  }, async (request) => {
    return success({ room_level: levelToFeishu(await rooms.getLevel(caller(request).identity.tenantKey, request.params.room_level_id)) });
  });
}
