/** Event attendees and chat members (events.md §3.12–§3.15). */
import { Type, type Static } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AttendeeInput } from '../../../core/events/attendee-service.js';
import type { Json } from '../../../core/events/model.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { pageOf } from '../paging.js';
import { attendeesToFeishu, chatMembersToFeishu } from '../render/attendee.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeSchema } from '../schemas/common.js';
import { AttendeeJson, RsvpStatus } from '../schemas/event.js';
import { EVENTS, EventParams, QueryBool } from './events.js';

const BOTH = ['tenant', 'user'] as const;
const ATTENDEES = `${EVENTS}/:event_id/attendees`;

const Id = Type.String({ maxLength: 256 });
// `type` stays a plain string: an unknown type is 194004, not a schema error (events.md §1.6).
const AttendeeIn = Type.Object({
  type: Type.String({ maxLength: 32 }),
  is_optional: Type.Optional(Type.Boolean()),
  user_id: Type.Optional(Id),
  chat_id: Type.Optional(Id),
  room_id: Type.Optional(Id),
  third_party_email: Type.Optional(Type.String({ maxLength: 320 })),
  operate_id: Type.Optional(Id),
  resource_customization: Type.Optional(Type.Array(Type.Object({
    index_key: Type.String({ maxLength: 128 }),
    input_content: Type.Optional(Type.String({ maxLength: 10_000 })),
    options: Type.Optional(Type.Array(Type.Object({ option_key: Type.Optional(Type.String({ maxLength: 128 })), others_content: Type.Optional(Type.String({ maxLength: 10_000 })) }))),
  }), { maxItems: 100 })),
  approval_reason: Type.Optional(Type.String()),
});
const DeleteId = Type.Object({
  type: Type.String({ maxLength: 32 }),
  user_id: Type.Optional(Id),
  chat_id: Type.Optional(Id),
  room_id: Type.Optional(Id),
  third_party_email: Type.Optional(Type.String({ maxLength: 320 })),
});
/** Feishu's room-admin knobs: accepted; larkcal has no room administrators. */
const AdminFields = {
  need_notification: Type.Optional(Type.Boolean()),
  instance_start_time_admin: Type.Optional(Type.String({ maxLength: 16 })),
  is_enable_admin: Type.Optional(Type.Boolean()),
};
const IdTypeQuery = Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema) });
const Page = {
  user_id_type: Type.Optional(UserIdTypeSchema),
  page_token: Type.Optional(Type.String({ maxLength: 512 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  op_user_id: Type.Optional(Type.String({ maxLength: 128 })),
};
export const ChatMemberJson = Type.Object({
  rsvp_status: RsvpStatus, is_optional: Type.Boolean(), display_name: Type.String(), open_id: Type.String(),
  is_organizer: Type.Boolean(), is_external: Type.Boolean(),
});

function toInput(item: Static<typeof AttendeeIn> | Static<typeof DeleteId>): AttendeeInput {
  const full = item as Static<typeof AttendeeIn>;
  const input: AttendeeInput = {
    type: item.type, isOptional: full.is_optional, userId: item.user_id, chatId: item.chat_id, roomId: item.room_id,
    email: item.third_party_email, operateId: full.operate_id, resourceCustomization: full.resource_customization as Json[] | undefined,
    approvalReason: full.approval_reason,
  };
  for (const key of Object.keys(input) as Array<keyof AttendeeInput>) if (input[key] === undefined) delete input[key];
  return input;
}

export function registerAttendeeRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { attendees, directory } = deps;

  app.post(ATTENDEES, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate } },
    schema: {
      params: EventParams,
      querystring: IdTypeQuery,
      body: Type.Object({ attendees: Type.Optional(Type.Array(AttendeeIn)), ...AdminFields, add_operator_to_attendee: Type.Optional(Type.Boolean()) }),
      response: { 200: Ok(Type.Object({ attendees: Type.Array(AttendeeJson) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const { calendar_id, event_id } = request.params;
    const list = await attendees.add(auth.identity, calendar_id, event_id, (request.body.attendees ?? []).map(toInput), type, {
      addOperator: request.body.add_operator_to_attendee !== false,
    });
    return success({ attendees: await attendeesToFeishu(directory, list, type, auth.identity, { resourceCustomization: true, approvalReason: true }) });
  });

  app.get(ATTENDEES, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: EventParams,
      querystring: Type.Object({ ...Page, need_resource_customization: Type.Optional(QueryBool) }),
      response: { 200: Ok(Type.Object({ items: Type.Array(AttendeeJson), has_more: Type.Boolean(), page_token: Type.Optional(Type.String()) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const page = await attendees.list(auth.identity, request.params.calendar_id, request.params.event_id, pageOf('attendees', request.query.page_size, request.query.page_token));
    const fields = { resourceCustomization: request.query.need_resource_customization === true && page.mayEdit };
    return success({ items: await attendeesToFeishu(directory, page.attendees, type, auth.identity, fields), has_more: page.hasMore, page_token: page.pageToken });
  });

  app.post(`${ATTENDEES}/batch_delete`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate } },
    schema: {
      params: EventParams,
      querystring: IdTypeQuery,
      body: Type.Object({ attendee_ids: Type.Optional(Type.Array(Type.String({ maxLength: 256 }))), delete_ids: Type.Optional(Type.Array(DeleteId)), ...AdminFields }),
      response: { 200: EmptyData },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const { calendar_id, event_id } = request.params;
    await attendees.remove(auth.identity, calendar_id, event_id, request.body.attendee_ids ?? [], (request.body.delete_ids ?? []).map(toInput), type);
    return success({});
  });

  app.get(`${ATTENDEES}/:attendee_id/chat_members`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: Type.Object({ ...EventParams.properties, attendee_id: Type.String({ minLength: 1, maxLength: 256 }) }),
      querystring: Type.Object(Page),
      response: { 200: Ok(Type.Object({ items: Type.Array(ChatMemberJson), has_more: Type.Boolean(), page_token: Type.Optional(Type.String()) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    requestedIdType(auth, request.query.user_id_type);
    const { calendar_id, event_id, attendee_id } = request.params;
    const page = await attendees.chatMembers(auth.identity, calendar_id, event_id, attendee_id, pageOf('chatMembers', request.query.page_size, request.query.page_token));
    return success({ items: await chatMembersToFeishu(directory, page.members, auth.identity), has_more: page.hasMore, page_token: page.pageToken });
  });
}
