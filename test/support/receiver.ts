/**
 * An app's event receiver as integrators write it: the SDK's EventDispatcher
 * behind `adaptDefault` on a real HTTP server. It records what the handlers
 * were given; `failNext` makes it answer 500 before the SDK sees a request.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CALENDAR_EVENT_TYPES } from '../../src/core/delivery/model.js';

export interface ReceivedEvent {
  type: string;
  /** What the SDK handed the handler: the flattened envelope (schema, header fields, event fields). */
  data: Record<string, any>;
}

export interface Receiver {
  url: string;
  events: ReceivedEvent[];
  /** Requests that reached the server, the failed ones included. */
  requests: number;
  failNext: number;
  /** Waits until `count` events of `type` arrived (default: any type), or fails after `timeoutMs`. */
  waitFor(count: number, type?: string, timeoutMs?: number): Promise<ReceivedEvent[]>;
  of(type: string): ReceivedEvent[];
  close(): Promise<void>;
}

const SILENT = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

export interface ReceiverOptions {
  encryptKey?: string;
  verificationToken?: string;
  port?: number;
  /** The SDK cache the dispatcher keeps pushed app tickets in; an ISV client reads them from it. */
  cache?: lark.Cache;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const events: ReceivedEvent[] = [];
  const handles = Object.fromEntries(CALENDAR_EVENT_TYPES.map((type) => [type, async (data: Record<string, any>) => {
    events.push({ type, data: JSON.parse(JSON.stringify(data)) as Record<string, any> });
  }]));
  const { port, ...dispatcherOptions } = options;
  const dispatcher = new lark.EventDispatcher({ ...dispatcherOptions, logger: SILENT }).register(handles);
  const handle = lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true });
  const receiver: Receiver = {
    url: '',
    events,
    requests: 0,
    failNext: 0,
    async waitFor(count, type, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const seen = type ? receiver.of(type) : events;
        if (seen.length >= count) return seen;
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} ${type ?? 'events'}, got ${seen.length}: ${JSON.stringify(events.map((e) => e.type))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    of: (type) => events.filter((e) => e.type === type),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server = http.createServer((req, res) => {
    receiver.requests++;
    if (receiver.failNext > 0) {
      receiver.failNext--;
      req.resume();
      res.writeHead(500).end('try again');
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port ?? 0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lark/events`;
  return receiver;
}
