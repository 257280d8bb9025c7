/** Meeting chat and meeting minutes of an event (events.md §3.16–§3.18). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { meetingChatAppLink } from '../../../core/events/meeting-service.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { EmptyData, Ok } from '../schemas/common.js';
import { EVENTS, EventParams } from './events.js';

const BOTH = ['tenant', 'user'] as const;
const CHAT = `${EVENTS}/:event_id/meeting_chat`;

export function registerMeetingRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { meetings } = deps;

  app.post(CHAT, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate } },
    schema: { params: EventParams, response: { 200: Ok(Type.Object({ meeting_chat_id: Type.String(), applink: Type.String() })) } },
  }, async (request) => {
    const { chatId } = await meetings.createChat(caller(request).identity, request.params.calendar_id, request.params.event_id);
    return success({ meeting_chat_id: chatId, applink: meetingChatAppLink(chatId) });
  });

  app.delete(CHAT, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate } },
    schema: { params: EventParams, querystring: Type.Object({ meeting_chat_id: Type.String({ minLength: 1, maxLength: 128 }) }), response: { 200: EmptyData } },
  }, async (request) => {
    await meetings.deleteChat(caller(request).identity, request.params.calendar_id, request.params.event_id, request.query.meeting_chat_id);
    return success({});
  });

  // Tenant and user tokens; the docs do not ask for the bot here (events.md §3.18).
  app.post(`${EVENTS}/:event_id/meeting_minute`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate, bot: false } },
    schema: { params: EventParams, response: { 200: Ok(Type.Object({ doc_url: Type.String() })) } },
  }, async (request) => {
    const { docUrl } = await meetings.createMinute(caller(request).identity, request.params.calendar_id, request.params.event_id);
    return success({ doc_url: docUrl });
  });
}
