/** Events (events.md §3.1–§3.3, §3.5, §3.7, §3.10–§3.11). */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { eventAllows } from '../../../core/events/event-access.js';
import type { EventView } from '../../../core/events/views.js';
import type { IdentityKey, UserIdType } from '../../../core/tenancy/model.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import type { Authenticated } from '../../../core/tenancy/tokens.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { attendeesToFeishu } from '../render/attendee.js';
import { eventToFeishu, type EventShape, type RenderContext } from '../render/event.js';
import { bodyToInput } from '../schemas/event-input.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeSchema } from '../schemas/common.js';
import { EventBody, EventJson } from '../schemas/event.js';

export const EVENTS = '/calendar/v4/calendars/:calendar_id/events';
const BOTH = ['tenant', 'user'] as const;

export const CalendarParams = Type.Object({ calendar_id: Type.String({ minLength: 1, maxLength: 512 }) });
export const EventParams = Type.Object({ calendar_id: CalendarParams.properties.calendar_id, event_id: Type.String({ minLength: 1, maxLength: 128 }) });
const IdType = Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema) });
const EventData = Ok(Type.Object({ event: EventJson }));
/** Boolean query flags as the SDK sends them: true/false. */
export const QueryBool = Type.Boolean();

/** Renders views for the caller: organizers named once per response. */
export async function renderEvents(deps: OpenApiDeps, auth: Authenticated, type: UserIdType, views: EventView[], shape: EventShape, extra: Partial<RenderContext> = {}) {
  const organizers = await deps.directory.describe(views.map((v) => v.event.organizer as IdentityKey), type, auth.identity, auth.app);
  return views.map((v) => eventToFeishu(v, shape, { organizers, ...extra }));
}

export function registerEventRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { events } = deps;

  app.post(EVENTS, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventCreate } },
    schema: {
      params: CalendarParams,
      querystring: Type.Object({ user_id_type: Type.Optional(UserIdTypeSchema), idempotency_key: Type.Optional(Type.String({ maxLength: 128 })) }),
      body: EventBody,
      response: { 200: EventData },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const view = await events.create(auth.identity, request.params.calendar_id, bodyToInput(request.body), request.query.idempotency_key || undefined);
    const [event] = await renderEvents(deps, auth, type, [view], 'full');
    return success({ event: event! });
  });

  app.get(`${EVENTS}/:event_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventRead } },
    schema: {
      params: EventParams,
      querystring: Type.Object({
        user_id_type: Type.Optional(UserIdTypeSchema),
        need_meeting_settings: Type.Optional(QueryBool),
        need_attendee: Type.Optional(QueryBool),
        max_attendee_num: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        op_user_id: Type.Optional(Type.String({ maxLength: 128 })),
      }),
      response: { 200: EventData },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const { view, ctx } = await events.get(auth.identity, request.params.calendar_id, request.params.event_id);
    const mayEdit = eventAllows(auth.identity, ctx, 'read_editor_fields');
    // need_attendee: the first max_attendee_num (default 10) attendees; 194001 when the list is hidden (events.md §3.3).
    const listed = request.query.need_attendee === true ? await deps.attendees.forEvent(auth.identity, ctx, request.query.max_attendee_num ?? 10) : undefined;
    const [event] = await renderEvents(deps, auth, type, [view], 'full', {
      meetingSettings: request.query.need_meeting_settings === true && mayEdit && ctx.event.videoMeeting?.kind === 'builtIn',
    });
    if (!listed) return success({ event: event! });
    const attendees = await attendeesToFeishu(deps.directory, listed.attendees, type, auth.identity);
    return success({ event: { ...event!, attendees, has_more_attendee: listed.hasMore } });
  });

  app.patch(`${EVENTS}/:event_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventUpdate } },
    schema: { params: EventParams, querystring: IdType, body: EventBody, response: { 200: EventData } },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const view = await events.patch(auth.identity, request.params.calendar_id, request.params.event_id, bodyToInput(request.body));
    const [event] = await renderEvents(deps, auth, type, [view], 'full');
    return success({ event: event! });
  });

  app.delete(`${EVENTS}/:event_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventDelete } },
    schema: {
      params: EventParams,
      querystring: Type.Object({ need_notification: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])), delete_exception: Type.Optional(QueryBool) }),
      response: { 200: EmptyData },
    },
  }, async (request) => {
    await events.delete(caller(request).identity, request.params.calendar_id, request.params.event_id, { deleteException: request.query.delete_exception === true });
    return success({});
  });

  app.post(`${EVENTS}/:event_id/reply`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.eventReply } },
    schema: {
      params: EventParams,
      body: Type.Object({ rsvp_status: Type.Union([Type.Literal('accept'), Type.Literal('decline'), Type.Literal('tentative')]) }),
      response: { 200: EmptyData },
    },
  }, async (request) => {
    await events.reply(caller(request).identity, request.params.calendar_id, request.params.event_id, request.body.rsvp_status);
    return success({});
  });

  for (const [action, subscribe] of [['subscription', true], ['unsubscription', false]] as const) {
    app.post(`${EVENTS}/${action}`, {
      config: { auth: { tokens: ['user'], scopes: SCOPES.eventRead } },
      schema: { params: CalendarParams, querystring: Type.Object({ op_user_id: Type.Optional(Type.String({ maxLength: 128 })) }), response: { 200: EmptyData } },
    }, async (request) => {
      const identity = caller(request).identity;
      const calendarId = request.params.calendar_id;
      if (subscribe) await deps.eventSubscriptions.subscribe(identity, 'event', calendarId);
      else await deps.eventSubscriptions.unsubscribe(identity, 'event', calendarId);
      return success({});
    });
  }
}
