/**
 * The long connection's wire format: every WebSocket message is one binary
 * protobuf (proto2) `pbbp2.Frame` (platform.md §9.2). Proto2 with `required`
 * fields, so SeqID, LogID, service and method are written even when zero: the
 * SDK's decoder throws `missing required 'SeqID'` otherwise. The schema is
 * parsed at load with the proto's own field names (`keepCase`), no codegen.
 */
import protobuf from 'protobufjs';

const PBBP2 = `
syntax = "proto2";
package pbbp2;
message Header {
  required string key   = 1;
  required string value = 2;
}
message Frame {
  required uint64 SeqID            = 1;
  required uint64 LogID            = 2;
  required int32  service          = 3;
  required int32  method           = 4;
  repeated Header headers          = 5;
  optional string payload_encoding = 6;
  optional string payload_type     = 7;
  optional bytes  payload          = 8;
  optional string LogIDNew         = 9;
}
`;

const FrameType = protobuf.parse(PBBP2, { keepCase: true }).root.lookupType('pbbp2.Frame');

/** `method`: control frames carry ping/pong, data frames events and their acks. */
export const FrameMethod = { control: 0, data: 1 } as const;

export type HeaderKey = 'type' | 'message_id' | 'sum' | 'seq' | 'trace_id' | 'biz_rt';
export type MessageType = 'ping' | 'pong' | 'event' | 'card';

export interface FrameHeader {
  key: string;
  value: string;
}

export interface Frame {
  /** uint64 on the wire; the SDK decodes it as a JS number, so keep it below 2^53. */
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: FrameHeader[];
  payload_encoding?: string;
  payload_type?: string;
  payload?: Uint8Array;
  LogIDNew?: string;
}

export function encodeFrame(frame: Frame): Uint8Array {
  return FrameType.encode(FrameType.create(frame)).finish();
}

/** Throws on bytes that are not a complete Frame (a required field missing included). */
export function decodeFrame(bytes: Uint8Array): Frame {
  const object = FrameType.toObject(FrameType.decode(bytes), { longs: Number, arrays: true });
  return object as Frame;
}

export function headerValue(frame: Frame, key: HeaderKey): string | undefined {
  return frame.headers.find((header) => header.key === key)?.value;
}
