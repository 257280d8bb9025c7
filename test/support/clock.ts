/** A clock tests can stop and move: token expiry, retry windows, booking settlement. */
import type { Clock } from '../../src/core/ports.js';

/**
 * Running, it follows the wall clock plus `offset`; frozen, it stands still
 * until the test moves it, so a step of `advance(ms)` is exact however slow
 * the machine. `advance` works in both states.
 */
export class TestClock implements Clock {
  /** How far ahead of the wall clock the running clock is. */
  offset = 0;
  private frozenAt: number | undefined;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Stops the clock at `at` (default: its current time). */
  freeze(at: number = this.now()): void {
    this.frozenAt = at;
  }

  advance(ms: number): void {
    if (this.frozenAt === undefined) this.offset += ms;
    else this.frozenAt += ms;
  }

  /** Jumps to `at`, staying frozen or running as it was. */
  set(at: number): void {
    if (this.frozenAt === undefined) this.offset = at - Date.now();
    else this.frozenAt = at;
  }

  /** Starts a frozen clock again from where it stands. */
  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}
