/**
 * One client's socket: answers its pings, sends it events and settles each
 * delivery from the acknowledgement that echoes its `message_id`. Acks may
 * come in any order, since the client handles messages concurrently (§9.4).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { ATTEMPT_TIMEOUT_MS, type AttemptOutcome } from '../delivery/transport.js';
import { decodeFrame, encodeFrame, FrameMethod, headerValue, type Frame } from './frames.js';
import { eventFrames, pongFor, readAck } from './messages.js';
import type { Ticket } from './tickets.js';

export interface HubLog {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

type Settle = (code: number | null, error: string | null) => void;

const READY_GRACE_MS = 200;

export class Connection {
  private readonly pending = new Map<string, Settle>();
  private nextSeqId = 1;
  private readonly idle: NodeJS.Timeout;
  /** Resolves once the socket has closed and every pending delivery has failed. */
  readonly closed: Promise<void>;
  /**
   * Whether the client listens yet. The SDK pings on 'open' but adds its
   * message listener only once its connect promise settles, so an event sent
   * the moment the socket opens can arrive with the upgrade answer and be lost
   * unacked. Its ping proves it listens; a client that never pings (not the
   * SDK) is taken as listening after READY_GRACE_MS.
   */
  ready = false;
  readonly whenReady: Promise<void>;
  private markReady!: () => void;

  constructor(
    readonly socket: WebSocket,
    readonly ticket: Ticket,
    private readonly configJson: string,
    idleTimeoutMs: number,
    private readonly log: HubLog,
  ) {
    // A peer gone without a FIN would keep drawing events (and their timeouts) forever.
    this.idle = setTimeout(() => {
      this.log.debug({ appId: ticket.appId }, 'long connection: nothing received in time, terminating');
      socket.terminate();
    }, idleTimeoutMs).unref();
    this.whenReady = new Promise((resolve) => (this.markReady = () => {
      this.ready = true;
      resolve();
    }));
    const grace = setTimeout(() => this.markReady(), READY_GRACE_MS).unref();
    void this.whenReady.then(() => clearTimeout(grace));
    socket.on('message', (data, isBinary) => {
      this.idle.refresh();
      this.receive(data, isBinary);
    });
    socket.on('error', (error) => this.log.debug({ appId: ticket.appId, err: error.message }, 'long connection socket error'));
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        clearTimeout(this.idle);
        this.failAll('connection closed before the ack');
        resolve();
      });
    });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends one event and waits for its ack, ATTEMPT_TIMEOUT_MS at most from `startedAt`. */
  deliver(payload: Uint8Array, fragmentBytes: number, startedAt: number): Promise<AttemptOutcome> {
    const messageId = randomBytes(16).toString('hex');
    const frames = eventFrames(payload, fragmentBytes, {
      messageId, traceId: randomBytes(8).toString('hex'), service: this.ticket.serviceId,
      firstSeqId: this.nextSeqId, logId: this.nextSeqId,
    });
    this.nextSeqId += frames.length;
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null, `no ack within ${ATTEMPT_TIMEOUT_MS} ms`), Math.max(0, ATTEMPT_TIMEOUT_MS - (performance.now() - startedAt)));
      const settle: Settle = (code, error) => {
        if (!this.pending.delete(messageId)) return;
        clearTimeout(timer);
        const failure = error ?? (code === 200 ? null : `ack code ${code}`);
        resolve({ ok: failure === null, code, latencyMs: Math.round(performance.now() - startedAt), error: failure });
      };
      this.pending.set(messageId, settle);
      for (const frame of frames) {
        this.socket.send(encodeFrame(frame), { binary: true }, (error) => {
          if (error) settle(null, 'send failed: the socket is closing');
        });
      }
    });
  }

  /** Fails every pending delivery; the socket's close does it too. */
  failAll(reason: string): void {
    for (const settle of [...this.pending.values()]) settle(null, reason);
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (!isBinary || !(data instanceof Buffer)) {
      this.log.debug({ appId: this.ticket.appId }, 'long connection: ignored a non-binary message');
      return;
    }
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      this.log.debug({ appId: this.ticket.appId, err: (error as Error).message }, 'long connection: ignored an undecodable frame');
      return;
    }
    if (frame.method === FrameMethod.control) {
      if (headerValue(frame, 'type') === 'ping') {
        this.markReady();
        this.socket.send(encodeFrame(pongFor(frame, this.configJson)), { binary: true });
      }
      return;
    }
    const ack = readAck(frame);
    const settle = ack && this.pending.get(ack.messageId);
    if (!ack || !settle) {
      this.log.debug({ appId: this.ticket.appId, messageId: ack?.messageId }, 'long connection: ignored a frame matching no pending delivery');
      return;
    }
    settle(ack.code, ack.code === null ? 'unreadable ack payload' : null);
  }
}
