/**
 * Unbinding (DELETE /exchange_bindings/:id): the binding goes, and its synced
 * calendar with it. The calendar is marked deleted and leaves the user's list,
 * both logged, so incremental calendar-list sync shows it `is_deleted: true`
 * and its events no longer count in free/busy (which reads bound calendars only).
 */
import type { Needs } from '../ports.js';
import type { ExchangeBinding } from './model.js';

export async function unbind(repos: Needs<'exchange' | 'calendars' | 'changes'>, binding: ExchangeBinding, at: number): Promise<void> {
  await repos.exchange.deleteBinding(binding.bindingId);
  if (!binding.calendarId) return;
  const calendar = await repos.calendars.get(binding.calendarId);
  if (!calendar || calendar.deleted) return;
  const member = `user:${binding.userRef}` as const;
  const base = { tenantKey: binding.tenantKey, calendarId: calendar.calendarId, actor: null, at };
  const membership = await repos.calendars.getMembership(calendar.calendarId, member);
  if (membership?.subscribed) {
    const seq = await repos.changes.append({ ...base, affected: [member], data: { kind: 'membership.removed', member } });
    await repos.calendars.putMembership({ ...membership, subscribed: false, version: seq });
  }
  const seq = await repos.changes.append({ ...base, affected: [member], data: { kind: 'calendar.deleted' } });
  await repos.calendars.update({ ...calendar, deleted: true, version: seq });
}
