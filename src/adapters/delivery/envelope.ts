/**
 * The bytes an app receives for one delivery (platform.md §8.3, §8.4): built
 * anew at each attempt from the stored event and the app's current token, and
 * always with `JSON.stringify`, since the SDK checks signatures over exactly
 * that serialisation (§8.7).
 */
import { APP_TICKET_TYPE, type AppEventConfig, type Delivery } from '../../core/delivery/model.js';

export function envelopeOf(delivery: Delivery, config: Pick<AppEventConfig, 'verificationToken'>): Record<string, unknown> {
  if (delivery.eventType === APP_TICKET_TYPE) {
    // Schema 1.0: `uuid` is the de-duplication key, `ts` seconds with a fraction.
    return {
      ts: (delivery.createdAt / 1000).toFixed(3),
      uuid: delivery.eventId,
      token: config.verificationToken,
      type: 'event_callback',
      event: delivery.event,
    };
  }
  return {
    schema: '2.0',
    header: {
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      create_time: String(delivery.createdAt),
      token: config.verificationToken,
      app_id: delivery.appId,
      tenant_key: delivery.tenantKey,
    },
    event: delivery.event,
  };
}
