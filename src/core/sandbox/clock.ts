/**
 * The sandbox's clock: real time by default; frozen at an instant, or running
 * on from one, when a test moves it. Everything time-dependent reads it
 * through the Clock port, so moving it moves tokens, windows and schedules.
 * Listeners hear of every move, to run at once what became due.
 */
import type { Clock } from '../ports.js';

export type ClockMode = 'system' | 'frozen' | 'running';

export interface ClockState {
  now: number;
  mode: ClockMode;
}

export class SandboxClock implements Clock {
  private mode: ClockMode = 'system';
  /** Frozen: the instant. Running: how far the virtual time is ahead of the real one. */
  private frozenAt = 0;
  private offset = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    if (this.mode === 'frozen') return this.frozenAt;
    if (this.mode === 'running') return this.realNow() + this.offset;
    return this.realNow();
  }

  state(): ClockState {
    return { now: this.now(), mode: this.mode };
  }

  /** Frozen at `at`; it may lie in the past. */
  set(at: number): void {
    this.mode = 'frozen';
    this.frozenAt = at;
    this.changed();
  }

  /** Forward by `ms`; a frozen clock stays frozen, a system clock starts running ahead. */
  advance(ms: number): void {
    if (this.mode === 'frozen') this.frozenAt += ms;
    else {
      this.offset = this.now() - this.realNow() + ms;
      this.mode = 'running';
    }
    this.changed();
  }

  /** Runs on from the current virtual instant. */
  run(from: number = this.now()): void {
    this.offset = from - this.realNow();
    this.mode = 'running';
    this.changed();
  }

  /** Back to real time. */
  system(): void {
    this.mode = 'system';
    this.offset = 0;
    this.changed();
  }

  /** Called after every move; returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
