/**
 * What /metrics reports (issue #16 §4), in Prometheus' text format through
 * prom-client, on a registry of this server's own (two servers in one process
 * — tests — keep theirs apart):
 *   requests by route pattern, method, status and Feishu code, and their latency;
 *   SQLite group commits (write transactions per commit);
 *   the change-event outbox's depth by state, and attempts' latency and age;
 *   Node's defaults: event-loop lag, heap, RSS, handles.
 * Labels come from route patterns, never from raw URLs, so a client cannot
 * grow the series without bound.
 */
import client from 'prom-client';
import type { OpenDeliveryStatus } from '../../core/delivery/ports.js';
import type { SentReport } from '../delivery/worker.js';

export interface MetricsSources {
  /** The outbox by state; read at each scrape. */
  outbox?: () => Promise<Record<OpenDeliveryStatus, number>>;
  /** SQLite's group commit so far; undefined on PostgreSQL. */
  commits?: () => { batches: number; members: number; largest: number } | undefined;
  /** Transactions and their waits for a turn; PostgreSQL's pool (undefined on SQLite). */
  database?: () => { waits: { transactions: number; waitSeconds: number; maxWaitSeconds: number }; pool: { total: number; idle: number; waiting: number } | undefined };
}

export class Metrics {
  readonly registry = new client.Registry();
  private readonly requests: client.Counter<'route' | 'method' | 'status' | 'code'>;
  private readonly latency: client.Histogram<'route' | 'method'>;
  private readonly attempts: client.Counter<'transport' | 'outcome'>;
  private readonly attemptLatency: client.Histogram<'transport'>;
  private readonly deliveryAge: client.Histogram<'transport'>;

  constructor(sources: MetricsSources = {}) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'larkcal_', eventLoopMonitoringPrecision: 20 });
    this.requests = new client.Counter({
      name: 'larkcal_http_requests_total', help: 'HTTP requests answered, by route pattern, method, status and Feishu code (none outside the Open API)',
      labelNames: ['route', 'method', 'status', 'code'], registers,
    });
    this.latency = new client.Histogram({
      name: 'larkcal_http_request_duration_seconds', help: 'Time from request to answer, by route pattern',
      labelNames: ['route', 'method'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
    });
    this.attempts = new client.Counter({ name: 'larkcal_delivery_attempts_total', help: 'Change-event delivery attempts, by transport and outcome', labelNames: ['transport', 'outcome'], registers });
    this.attemptLatency = new client.Histogram({
      name: 'larkcal_delivery_attempt_duration_seconds', help: 'Time from sending a change event to the receiver\'s answer or ack',
      labelNames: ['transport'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3], registers,
    });
    this.deliveryAge = new client.Histogram({
      name: 'larkcal_delivery_latency_seconds', help: 'Time from a change\'s delivery row being written to its successful delivery',
      labelNames: ['transport'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300, 3600, 21600], registers,
    });
    if (sources.outbox) {
      const read = sources.outbox;
      new client.Gauge({
        name: 'larkcal_delivery_outbox', help: 'Change-event deliveries still to go (pending, failed) and given up (exhausted)', labelNames: ['status'], registers,
        async collect() {
          for (const [status, n] of Object.entries(await read())) this.set({ status }, n);
        },
      });
    }
    if (sources.database) this.database(sources.database, registers);
    if (sources.commits) {
      const read = sources.commits;
      new client.Gauge({
        name: 'larkcal_sqlite_commits', help: 'SQLite group commit: fsync\'d commits and the write transactions they held', labelNames: ['kind'], registers,
        collect() {
          const stats = read();
          if (!stats) return;
          this.set({ kind: 'commits' }, stats.batches);
          this.set({ kind: 'transactions' }, stats.members);
          this.set({ kind: 'largest_batch' }, stats.largest);
        },
      });
    }
  }

  private database(read: NonNullable<MetricsSources['database']>, registers: client.Registry[]): void {
    new client.Gauge({
      name: 'larkcal_db_transactions', help: 'Database transactions run, and the seconds they waited for their turn in all (a connection, BEGIN, the commit queue or the turn lock)',
      labelNames: ['kind'], registers,
      collect() {
        const { waits } = read();
        this.set({ kind: 'count' }, waits.transactions);
        this.set({ kind: 'wait_seconds_total' }, waits.waitSeconds);
        this.set({ kind: 'wait_seconds_max' }, waits.maxWaitSeconds);
      },
    });
    new client.Gauge({
      name: 'larkcal_db_pool_connections', help: 'PostgreSQL pool: open, idle, and checkouts waiting for a connection', labelNames: ['state'], registers,
      collect() {
        const { pool } = read();
        if (!pool) return;
        this.set({ state: 'open' }, pool.total);
        this.set({ state: 'idle' }, pool.idle);
        this.set({ state: 'waiting' }, pool.waiting);
      },
    });
  }

  observeRequest(answer: { route: string; method: string; status: number; code: string; seconds: number }): void {
    this.requests.inc({ route: answer.route, method: answer.method, status: String(answer.status), code: answer.code });
    this.latency.observe({ route: answer.route, method: answer.method }, answer.seconds);
  }

  /** The delivery worker's onSent: every attempt, and how long a delivered event waited. */
  observeDelivery({ delivery, attempt }: Pick<SentReport, 'delivery' | 'attempt'>): void {
    this.attempts.inc({ transport: attempt.transport, outcome: attempt.ok ? 'ok' : 'failed' });
    this.attemptLatency.observe({ transport: attempt.transport }, attempt.latencyMs / 1000);
    if (attempt.ok) this.deliveryAge.observe({ transport: attempt.transport }, Math.max(0, attempt.at + attempt.latencyMs - delivery.createdAt) / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
