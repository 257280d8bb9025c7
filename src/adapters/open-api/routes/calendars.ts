/** Calendars (calendars.md §3): thin handlers around the core's calendar use cases. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError, invalid } from '../../../core/errors.js';
import { identityKey, type Identity } from '../../../core/tenancy/model.js';
import { botIdOf, userIdOf } from '../../../core/tenancy/directory.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { pageOf, SYNC_PREFIXES } from '../paging.js';
import { CalendarCreateBody, CalendarIdParams, CalendarJson, calendarToFeishu } from '../schemas/calendar.js';
import { EmptyData, Ok, requestedIdType, UserIdTypeQuery } from '../schemas/common.js';

const BASE = '/calendar/v4/calendars';
const BOTH = ['tenant', 'user'] as const;
const USER_ONLY = ['user'] as const;

const PrimaryItem = Type.Object({ calendar: CalendarJson, user_id: Type.String() });
const CalendarData = Ok(Type.Object({ calendar: CalendarJson }));

export function registerCalendarRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { calendars, queries, eventSubscriptions, directory } = deps;

  const ownerIdOf = async (identity: Identity, type: Parameters<typeof botIdOf>[1]) =>
    (await directory.renderIdentities([identityKey(identity)], type, identity)).get(identityKey(identity)) ?? '';

  app.post(`${BASE}/primary`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarReadPrimary } },
    schema: {
      querystring: Type.Object({ user_id_type: UserIdTypeQuery.properties.user_id_type, op_user_id: Type.Optional(Type.String()) }),
      response: { 200: Ok(Type.Object({ calendars: Type.Array(PrimaryItem) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    // The field scope is the gateway's check (99991672) and comes first; then Query primary calendar information:
    // "When calling this interface using the application identity, the query parameter user_id_type cannot be set to user_id."
    const type = requestedIdType(auth, request.query.user_id_type);
    if (auth.identity.kind === 'app' && type === 'user_id') {
      throw invalid('user_id_type', 'user_id_type cannot be user_id with an application identity', 'user_id');
    }
    const view = await calendars.primary(auth.identity);
    return success({ calendars: [{ calendar: calendarToFeishu(view), user_id: await ownerIdOf(auth.identity, type) }] });
  });

  app.post(`${BASE}/primarys`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarReadPrimary } },
    schema: {
      querystring: UserIdTypeQuery,
      body: Type.Object({ user_ids: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 1000 })) }),
      response: { 200: Ok(Type.Object({ calendars: Type.Array(PrimaryItem) })) },
    },
  }, async (request) => {
    const auth = caller(request);
    const type = requestedIdType(auth, request.query.user_id_type);
    const ids = request.body?.user_ids ?? [];
    if (ids.length === 0 || ids.length > 10) throw new DomainError('limit:user_ids');
    const items = [];
    for (const id of ids) {
      const user = await directory.resolveUser(auth.identity, id, type);
      if (!user) throw new DomainError('not_found:user');
      const view = await calendars.primaryOf(auth.identity, `user:${user.ref}`);
      items.push({ calendar: calendarToFeishu(view), user_id: userIdOf(user, type, auth.identity) });
    }
    return success({ calendars: items });
  });

  app.post(BASE, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarCreate } },
    schema: { body: CalendarCreateBody, response: { 200: CalendarData } },
  }, async (request) => {
    const b = request.body ?? {};
    const view = await calendars.create(caller(request).identity, {
      summary: b.summary, description: b.description, permissions: b.permissions, color: b.color, summaryAlias: b.summary_alias,
    });
    return success({ calendar: calendarToFeishu(view) });
  });

  app.delete(`${BASE}/:calendar_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarDelete } },
    schema: { params: CalendarIdParams, response: { 200: EmptyData } },
  }, async (request) => {
    await calendars.delete(caller(request).identity, request.params.calendar_id);
    return success({});
  });

  app.get(`${BASE}/:calendar_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarRead } },
    schema: { params: CalendarIdParams, response: { 200: Ok(CalendarJson) } },
  }, async (request) => {
    // Unlike create/patch, get returns the calendar itself as `data` (calendars.md §3.5).
    return success(calendarToFeishu(await calendars.get(caller(request).identity, request.params.calendar_id)));
  });

  app.get(BASE, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarRead } },
    schema: {
      querystring: Type.Object({
        page_size: Type.Optional(Type.Integer({ maximum: 1000 })),
        page_token: Type.Optional(Type.String({ maxLength: 512 })),
        sync_token: Type.Optional(Type.String({ maxLength: 512 })),
      }),
      response: {
        200: Ok(Type.Object({ has_more: Type.Boolean(), page_token: Type.Optional(Type.String()), sync_token: Type.String(), calendar_list: Type.Array(CalendarJson) })),
      },
    },
  }, async (request) => {
    const q = request.query;
    const page = await queries.list(caller(request).identity, { page: pageOf('calendars', q.page_size, q.page_token), syncToken: q.sync_token, syncPrefix: SYNC_PREFIXES.calendars });
    return success({ has_more: page.hasMore, page_token: page.pageToken, sync_token: page.syncToken, calendar_list: page.items.map(calendarToFeishu) });
  });

  app.patch(`${BASE}/:calendar_id`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarUpdate }, detailedErrors: true },
    schema: { params: CalendarIdParams, body: CalendarCreateBody, response: { 200: CalendarData } },
  }, async (request) => {
    const b = request.body ?? {};
    const view = await calendars.patch(caller(request).identity, request.params.calendar_id, {
      summary: b.summary, description: b.description, permissions: b.permissions, color: b.color, summaryAlias: b.summary_alias,
    });
    return success({ calendar: calendarToFeishu(view) });
  });

  app.post(`${BASE}/search`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarRead } },
    schema: {
      querystring: Type.Object({ page_size: Type.Optional(Type.Integer({ maximum: 50 })), page_token: Type.Optional(Type.String({ maxLength: 512 })) }),
      body: Type.Object({ query: Type.String({ minLength: 1, maxLength: 200 }) }),
      // Exactly the documented fields: items, and page_token while more results remain; no has_more (the SDK types have none either).
      response: { 200: Ok(Type.Object({ items: Type.Array(CalendarJson), page_token: Type.Optional(Type.String()) })) },
    },
  }, async (request) => {
    const result = await queries.search(caller(request).identity, request.body.query, pageOf('calendarSearch', request.query.page_size, request.query.page_token));
    return success({ items: result.items.map(calendarToFeishu), page_token: result.pageToken });
  });

  app.post(`${BASE}/mget`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarReadPrimary }, detailedErrors: true },
    schema: {
      querystring: UserIdTypeQuery,
      body: Type.Object({ calendar_ids: Type.Optional(Type.Array(Type.String({ maxLength: 512 }), { maxItems: 1000 })) }),
      response: { 200: Ok(Type.Object({ calendars: Type.Array(CalendarJson) })) },
    },
  }, async (request) => {
    const views = await calendars.mget(caller(request).identity, request.body?.calendar_ids ?? []);
    return success({ calendars: views.map(calendarToFeishu) });
  });

  app.post(`${BASE}/:calendar_id/subscribe`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarSubscribe }, detailedErrors: true },
    schema: { params: CalendarIdParams, response: { 200: CalendarData } },
  }, async (request) => {
    return success({ calendar: calendarToFeishu(await calendars.subscribe(caller(request).identity, request.params.calendar_id)) });
  });

  app.post(`${BASE}/:calendar_id/unsubscribe`, {
    config: { auth: { tokens: BOTH, scopes: SCOPES.calendarSubscribe }, detailedErrors: true },
    schema: { params: CalendarIdParams, response: { 200: EmptyData } },
  }, async (request) => {
    await calendars.unsubscribe(caller(request).identity, request.params.calendar_id);
    return success({});
  });

  // Calendar-list change events (calendars.md §3.12–§3.13): user tokens only.
  for (const [action, subscribe] of [['subscription', true], ['unsubscription', false]] as const) {
    app.post(`${BASE}/${action}`, {
      config: { auth: { tokens: USER_ONLY, scopes: SCOPES.calendarRead } },
      schema: { response: { 200: EmptyData } },
    }, async (request) => {
      const identity = caller(request).identity;
      if (subscribe) await eventSubscriptions.subscribe(identity, 'calendar_list');
      else await eventSubscriptions.unsubscribe(identity, 'calendar_list');
      return success({});
    });
  }
}
