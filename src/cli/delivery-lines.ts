/**
 * How `larkcal deliveries` prints the outbox: one line per delivery, then one
 * indented line per attempt. Event bodies are never printed: an `app_ticket`
 * delivery's body is the ticket itself, a credential.
 */
import type { Delivery, DeliveryAttempt } from '../core/delivery/model.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** `CREATED EVENT_ID APP_ID EVENT_TYPE [CHANGE_TYPE] STATUS attempts=N [due=ISO]` */
export function deliveryLine(d: Delivery): string {
  const due = d.status === 'pending' || d.status === 'failed' ? ` due=${iso(d.dueAt)}` : '';
  return `${iso(d.createdAt)} ${d.eventId} ${d.appId} ${d.eventType}${d.changeType ? ` ${d.changeType}` : ''} ${d.status} attempts=${d.attempts}${due}`;
}

/** `  #N AT TRANSPORT ok|failed code=C|- latency=Nms [error="…"]`; the error JSON-quoted, so it stays on its line. */
export function attemptLine(a: DeliveryAttempt): string {
  const error = a.error === null ? '' : ` error=${JSON.stringify(a.error)}`;
  return `  #${a.attempt} ${iso(a.at)} ${a.transport} ${a.ok ? 'ok' : 'failed'} code=${a.code ?? '-'} latency=${Math.round(a.latencyMs)}ms${error}`;
}
