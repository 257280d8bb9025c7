/** Event reads (events.md §3.4 list, §3.6 search, §3.8 instances, §3.9 instance_view): thin handlers over EventQueries. */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Attendee } from '../../../core/events/model.js';
import type { Authenticated } from '../../../core/tenancy/tokens.js';
import type { UserIdType } from '../../../core/tenancy/model.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { pageOf, SYNC_PREFIXES } from '../paging.js';
import { Ok, requestedIdType, UserIdTypeSchema } from '../schemas/common.js';
import { AttendeeJson, EventJson, TimeInfo } from '../schemas/event.js';
import { CalendarParams, EventParams, EVENTS, renderEvents } from './events.js';

const BOTH = ['tenant', 'user'] as const;
/** Unix seconds as query text; '' reads as absent (some clients send empty parameters). */
const Seconds = Type.String({ pattern: '^[0-9]{0,11}$' });
const Token = Type.String({ maxLength: 512 });
const IdList = Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 });

const seconds = (value: string | undefined) => (value === undefined || value === '' ? undefined : Number(value));
const text = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

export function registerEventQueryRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { eventQueries } = deps;

  app.get(EVENTS, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: CalendarParams,
      querystring: Type.Object({
        page_size: Type.Optional(Type.Integer({ maximum: 1000 })),
        anchor_time: Type.Optional(Seconds),
        page_token: Type.Optional(Token),
        sync_token: Type.Optional(Token),
        start_time: Type.Optional(Seconds),
        end_time: Type.Optional(Seconds),
        user_id_type: Type.Optional(UserIdTypeSchema),
        op_user_id: Type.Optional(Type.String({ maxLength: 128 })),
      }),
      response: {
        200: Ok(Type.Object({
          has_more: Type.Boolean(), page_token: Type.Optional(Type.String()), sync_token: Type.Optional(Type.String()), items: Type.Array(EventJson),
        })),
      },
    },
  }, async (request) => {
    const auth = caller(request);
    const q = request.query;
    const type = requestedIdType(auth, q.user_id_type);
    const page = await eventQueries.list(auth.identity, request.params.calendar_id, {
      page: pageOf('events', q.page_size, text(q.page_token)), anchorTime: seconds(q.anchor_time), syncToken: text(q.sync_token),
      syncPrefix: SYNC_PREFIXES.events, startTime: seconds(q.start_time), endTime: seconds(q.end_time),
    });
    return success({
      has_more: page.hasMore, page_token: page.pageToken, sync_token: page.syncToken,
      items: await renderEvents(deps, auth, type, page.items, 'list'),
    });
  });

  app.post(`${EVENTS}/search`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: CalendarParams,
      querystring: Type.Object({
        user_id_type: Type.Optional(UserIdTypeSchema), page_token: Type.Optional(Token), page_size: Type.Optional(Type.Integer({ maximum: 100 })),
      }),
      body: Type.Object({
        query: Type.String({ maxLength: 200 }),
        filter: Type.Optional(Type.Object({
          start_time: Type.Optional(TimeInfo), end_time: Type.Optional(TimeInfo),
          user_ids: Type.Optional(IdList), room_ids: Type.Optional(IdList), chat_ids: Type.Optional(IdList),
        })),
      }),
      // Exactly the documented fields: no has_more (not on the reference page nor in the SDK types), so the
      // SDK's searchWithIterator stops after the first page; page_token says whether more remain.
      response: { 200: Ok(Type.Object({ items: Type.Array(EventJson), page_token: Type.Optional(Type.String()) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const filter = request.body.filter ?? {};
    const page = await eventQueries.search(auth.identity, request.params.calendar_id, {
      query: request.body.query,
      ...(filter.start_time && { start: filter.start_time }),
      ...(filter.end_time && { end: filter.end_time }),
      ...(filter.user_ids?.length && { userRefs: await userRefsOf(deps, auth, filter.user_ids, type) }),
      ...(filter.room_ids?.length && { roomIds: filter.room_ids }),
      ...(filter.chat_ids?.length && { chatIds: filter.chat_ids }),
      page: pageOf('eventSearch', request.query.page_size, text(request.query.page_token)),
    });
    return success({ items: await renderEvents(deps, auth, type, page.items, 'search'), page_token: page.pageToken });
  });

  app.get(`${EVENTS}/:event_id/instances`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: EventParams,
      querystring: Type.Object({
        start_time: Type.String({ pattern: '^[0-9]{1,11}$' }), end_time: Type.String({ pattern: '^[0-9]{1,11}$' }),
        page_size: Type.Optional(Type.Integer({ maximum: 500 })), page_token: Type.Optional(Token),
      }),
      response: { 200: Ok(Type.Object({ items: Type.Array(EventJson), page_token: Type.Optional(Type.String()), has_more: Type.Boolean() })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const q = request.query;
    const page = await eventQueries.instances(auth.identity, request.params.calendar_id, request.params.event_id,
      { from: Number(q.start_time), to: Number(q.end_time) }, pageOf('instances', q.page_size, text(q.page_token)));
    return success({ items: await renderEvents(deps, auth, 'open_id', page.items, 'instances'), page_token: page.pageToken, has_more: page.hasMore });
  });

  app.get(`${EVENTS}/instance_view`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: CalendarParams,
      querystring: Type.Object({
        start_time: Type.String({ pattern: '^[0-9]{1,11}$' }), end_time: Type.String({ pattern: '^[0-9]{1,11}$' }),
        user_id_type: Type.Optional(UserIdTypeSchema),
      }),
      response: { 200: Ok(Type.Object({ items: Type.Array(EventJson) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const view = await eventQueries.instanceView(auth.identity, request.params.calendar_id, { from: Number(request.query.start_time), to: Number(request.query.end_time) });
    const rendered = await renderEvents(deps, auth, type, view.items, 'instance_view');
    // instance_view shows room attendees only (events.md §3.9).
    const items = rendered.map((json, i) => {
      const rooms = view.rooms.get(view.items[i]!.event.eventId);
      return rooms ? { ...json, attendees: rooms.map(roomToFeishu) } : json;
    });
    return success({ items });
  });
}

/** filter.user_ids in the requested id type; ids of no known user match nothing. */
async function userRefsOf(deps: OpenApiDeps, auth: Authenticated, ids: readonly string[], type: UserIdType): Promise<string[]> {
  const users = await Promise.all(ids.map((id) => deps.directory.resolveUser(auth.identity, id, type)));
  return users.flatMap((u) => (u ? [u.ref] : []));
}

function roomToFeishu(room: Attendee): Static<typeof AttendeeJson> {
  return {
    type: 'resource', attendee_id: room.attendeeId, rsvp_status: room.rsvpStatus, room_id: room.roomId ?? '', display_name: room.displayName,
    is_optional: room.isOptional, is_organizer: room.isOrganizer, is_external: room.isExternal,
  };
}
