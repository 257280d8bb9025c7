/** The sandbox on the delivery worker: its delivery faults, and each send as a journal entry of its own (issue #12 §4). */
import type { DeliveryFaults, SentReport } from '../delivery/worker.js';
import type { FaultBook } from './fault-book.js';
import type { Journal } from './journal.js';
import { redact, redactQuery } from './redact.js';

export function deliveryFaults(book: FaultBook): DeliveryFaults {
  return {
    forDelivery(appId) {
      const fault = book.forDelivery(appId);
      return fault && { id: fault.id, drop: fault.preset === 'drop', delayMs: fault.delay_ms };
    },
  };
}

export function journalSends(journal: Journal): (sent: SentReport) => void {
  return ({ delivery, attempt, envelope, requestUrl, fault }) => {
    const url = requestUrl !== null && URL.canParse(requestUrl) ? new URL(requestUrl) : undefined;
    journal.record({
      kind: 'delivery',
      at: new Date(attempt.at).toISOString(),
      method: url ? 'POST' : null,
      path: url?.pathname ?? null,
      route: null,
      query: url ? redactQuery(url.search) : {},
      status: attempt.code,
      code: null,
      log_id: null,
      app_id: delivery.appId,
      user_id: null,
      duration_ms: Math.round(attempt.latencyMs),
      request_headers: {},
      // `header.token` is the app's verification token, an app_ticket's event its ticket: both redacted.
      request_body: envelope === undefined ? null : redact(envelope),
      response_headers: {},
      response_body: null,
      fault,
      delivery: {
        event_id: delivery.eventId,
        event_type: delivery.eventType,
        attempt: attempt.attempt === 0 ? null : attempt.attempt,
        transport: attempt.transport,
        ok: attempt.ok,
        error: attempt.error,
        url: url ? `${url.origin}${url.pathname}` : null,
      },
    });
  };
}
