/**
 * The frames larkcal sends and the acknowledgements it reads back
 * (platform.md §9.3, §9.4), built on the pbbp2 codec.
 */
import { FrameMethod, headerValue, type Frame, type FrameHeader } from './frames.js';

/** Seconds, as the SDK reads them (platform.md §9.1). */
export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

/** The SDK's own defaults: sending them changes nothing a client would otherwise do. */
export const CLIENT_CONFIG_DEFAULTS: ClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

/**
 * All four keys, always, in this order: a missing key becomes NaN in the
 * Node client and a NaN ping interval fires pings back to back (§9.1, §9.3).
 */
export function clientConfigJson(config: ClientConfig): string {
  const { PingInterval, ReconnectCount, ReconnectInterval, ReconnectNonce } = config;
  return JSON.stringify({ PingInterval, ReconnectCount, ReconnectInterval, ReconnectNonce });
}

/** The answer to a client's ping: same ids and service, `type=pong`, the config as payload. */
export function pongFor(ping: Frame, configJson: string): Frame {
  return {
    SeqID: ping.SeqID,
    LogID: ping.LogID,
    service: ping.service,
    method: FrameMethod.control,
    headers: [{ key: 'type', value: 'pong' }],
    payload: Buffer.from(configJson, 'utf8'),
  };
}

export interface EventMessage {
  messageId: string;
  traceId: string;
  service: number;
  /** SeqID of the first fragment; the following ones count up from it. */
  firstSeqId: number;
  logId: number;
}

/**
 * One data frame per fragment of the UTF-8 payload. `sum` and `seq` go on
 * every frame, a single one included: the Node client drops an event without
 * them, unacknowledged (§9.4). Cutting inside a UTF-8 sequence is harmless,
 * the client joins the bytes before decoding.
 */
export function eventFrames(payload: Uint8Array, fragmentBytes: number, message: EventMessage): Frame[] {
  const sum = Math.max(1, Math.ceil(payload.byteLength / fragmentBytes));
  return Array.from({ length: sum }, (_, seq) => {
    const headers: FrameHeader[] = [
      { key: 'type', value: 'event' },
      { key: 'message_id', value: message.messageId },
      { key: 'sum', value: String(sum) },
      { key: 'seq', value: String(seq) },
      { key: 'trace_id', value: message.traceId },
    ];
    return {
      SeqID: message.firstSeqId + seq,
      LogID: message.logId,
      service: message.service,
      method: FrameMethod.data,
      headers,
      payload: payload.subarray(seq * fragmentBytes, (seq + 1) * fragmentBytes),
    };
  });
}

export interface Ack {
  messageId: string;
  /** The payload's `code` (200 handled, 500 the handler threw); null when unreadable. */
  code: number | null;
}

/**
 * An acknowledgement echoes the event's headers and carries `{"code":…}`;
 * only `code` is read, since Node omits `data` and Go sends nulls (§9.4).
 * Undefined for a frame that is no acknowledgement at all.
 */
export function readAck(frame: Frame): Ack | undefined {
  const messageId = headerValue(frame, 'message_id');
  if (frame.method !== FrameMethod.data || messageId === undefined) return undefined;
  return { messageId, code: ackCode(frame.payload) };
}

function ackCode(payload: Uint8Array | undefined): number | null {
  if (!payload || payload.byteLength === 0) return null;
  try {
    const body: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return typeof code === 'number' && Number.isInteger(code) ? code : null;
  } catch {
    return null;
  }
}
