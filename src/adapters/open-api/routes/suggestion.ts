/** POST /freebusy/suggestion (calendars.md §5.5): a thin handler over SuggestionService. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ScoredSlot } from '../../../core/availability/suggestion.js';
import { formatRfc3339 } from '../../../core/availability/freebusy-time.js';
import { offsetAt } from '../../../core/events/recurrence/zones.js';
import { SCOPES } from '../../../core/tenancy/scopes.js';
import { caller, type OpenApiDeps } from '../context.js';
import { success } from '../envelope.js';
import { Ok, requestedIdType, UserIdTypeQuery } from '../schemas/common.js';

/** The scope the official CLI asks for (§5.1); tokens of both kinds (unconfirmed). */
const SUGGESTION = { tokens: ['tenant', 'user'] as const, scopes: SCOPES.availability };
const Id = Type.String({ maxLength: 256 });
// Lengths and ranges are checked in the core, with the field and a reason (190014).
const Body = Type.Object({
  search_start_time: Type.Optional(Type.String()),
  search_end_time: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
  event_rrule: Type.Optional(Type.String()),
  duration_minutes: Type.Optional(Type.Integer()),
  attendee_user_ids: Type.Optional(Type.Array(Id)),
  attendee_chat_ids: Type.Optional(Type.Array(Id)),
  excluded_event_times: Type.Optional(Type.Array(Type.Object({
    event_start_time: Type.Optional(Type.String()), event_end_time: Type.Optional(Type.String()),
  }))),
});
const Suggestion = Type.Object({ event_start_time: Type.String(), event_end_time: Type.String(), recommend_reason: Type.String() });

/** The reasons and guidance are Chinese, as the one observed reason is ("所有参与者均空闲", §5.5). */
export function reasonOf(slot: ScoredSlot): string {
  if (slot.conflicts === 0 && slot.outsideHours === 0) return '所有参与者均空闲';
  const parts = [];
  if (slot.conflictedPeople > 0) parts.push(`${slot.conflictedPeople} 位参与者有日程冲突`);
  if (slot.outsidePeople > 0) parts.push(`${slot.outsidePeople} 位参与者不在工作时间内`);
  return `没有所有参与者均空闲的时间；${parts.join('，')}`;
}

const GUIDANCE = {
  conflicted: '没有所有参与者在工作时间内均空闲的时间段，以上为冲突最少的时间。请告知用户这些时间存在冲突，或建议缩短会议时长、扩大搜索范围、减少参与者后重新查询。',
  none: '搜索范围内没有可建议的时间段（均被排除或不符合重复规则）。请建议用户扩大搜索范围或调整排除的时间后重新查询。',
};

export function registerSuggestionRoutes(root: FastifyInstance, deps: OpenApiDeps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { suggestions } = deps;

  app.post('/calendar/v4/freebusy/suggestion', {
    config: { auth: SUGGESTION, detailedErrors: true },
    schema: {
      querystring: UserIdTypeQuery,
      body: Body,
      response: {
        200: Ok(Type.Object({ suggestions: Type.Array(Suggestion), ai_action_guidance: Type.Optional(Type.String()) })),
      },
    },
  }, async (request) => {
    const auth = caller(request);
    const b = request.body;
    const answer = await suggestions.suggest(auth.identity, {
      ...(b.search_start_time !== undefined && { searchStartTime: b.search_start_time }),
      ...(b.search_end_time !== undefined && { searchEndTime: b.search_end_time }),
      ...(b.timezone !== undefined && { timezone: b.timezone }),
      ...(b.event_rrule !== undefined && { eventRrule: b.event_rrule }),
      ...(b.duration_minutes !== undefined && { durationMinutes: b.duration_minutes }),
      attendeeUserIds: b.attendee_user_ids ?? [],
      attendeeChatIds: b.attendee_chat_ids ?? [],
      excludedEventTimes: (b.excluded_event_times ?? []).map((r) => ({
        ...(r.event_start_time !== undefined && { eventStartTime: r.event_start_time }),
        ...(r.event_end_time !== undefined && { eventEndTime: r.event_end_time }),
      })),
      userIdType: requestedIdType(auth, request.query.user_id_type),
    });
    const at = (t: number) => formatRfc3339(t, { minutes: offsetAt(t, answer.zone) / 60, utc: false });
    return success({
      suggestions: answer.slots.map((s) => ({ event_start_time: at(s.start), event_end_time: at(s.end), recommend_reason: reasonOf(s) })),
      ...(!answer.fullyFree && { ai_action_guidance: answer.slots.length > 0 ? GUIDANCE.conflicted : GUIDANCE.none }),
    });
  });
}
