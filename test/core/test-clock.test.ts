/** TestClock: frozen it stands still, running it follows the wall clock; advance works in both. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestClock } from '../support/clock.js';

const T = Date.UTC(2030, 0, 1);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('test clock: a running clock follows the wall clock, advance adds an offset', () => {
  const clock = new TestClock();
  assert.ok(Math.abs(clock.now() - Date.now()) < 50);
  clock.advance(3_600_000);
  assert.ok(Math.abs(clock.now() - (Date.now() + 3_600_000)) < 50);
  assert.equal(clock.frozen, false);
});

test('test clock: frozen, time stands still until advanced or set', async () => {
  const clock = new TestClock();
  clock.freeze(T);
  await sleep(15);
  assert.equal(clock.now(), T);
  clock.advance(7_200_000);
  assert.equal(clock.now(), T + 7_200_000);
  clock.advance(-1);
  assert.equal(clock.now(), T + 7_199_999);
  clock.set(T);
  assert.equal(clock.now(), T);
  assert.equal(clock.frozen, true);
});

test('test clock: freeze without an argument stops at the current time, offset included', () => {
  const clock = new TestClock();
  clock.advance(60_000);
  const before = Date.now() + 60_000;
  clock.freeze();
  const at = clock.now();
  assert.ok(at >= before && at - before < 50);
});

test('test clock: resume runs on from where the frozen clock stood', async () => {
  const clock = new TestClock();
  clock.freeze(T);
  clock.resume();
  assert.equal(clock.frozen, false);
  const first = clock.now();
  assert.ok(first >= T && first - T < 50);
  await sleep(15);
  assert.ok(clock.now() > first);
});

test('test clock: set on a running clock jumps there and keeps running', async () => {
  const clock = new TestClock();
  clock.set(T);
  assert.ok(Math.abs(clock.now() - T) < 50);
  await sleep(15);
  assert.ok(clock.now() >= T + 10);
});
