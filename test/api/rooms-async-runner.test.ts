/** The settlement runner (adapters/rooms): polls, runs at once when nudged, never two rounds at a time, stops cleanly. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettlementRunner } from '../../src/adapters/rooms/settlement-runner.js';

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a condition rather than for a fixed time, so a loaded machine cannot fail the test. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 10_000) assert.fail(`timed out waiting until ${what}`);
    await tick(5);
  }
}

/** A settlement whose rounds the test counts, each lasting `roundMs`. */
function counting(roundMs = 0) {
  const state = { rounds: 0, running: 0, overlapped: false };
  return {
    state,
    async settleDue() {
      state.running++;
      if (state.running > 1) state.overlapped = true;
      state.rounds++;
      await tick(roundMs);
      state.running--;
      return 0;
    },
  };
}

const silent = { error() {} };

test('a nudge runs a round at once, however long the poll', async (t) => {
  const settlement = counting();
  const runner = new SettlementRunner(settlement, silent, 3_600_000);
  t.after(() => runner.stop());
  runner.start();
  await tick();
  assert.equal(settlement.state.rounds, 0, 'the first poll is an hour away');
  runner.nudge();
  await until(() => settlement.state.rounds === 1, 'the nudged round ran');
  await tick();
  assert.equal(settlement.state.rounds, 1);
});

test('nudges during a round are followed by one more round, never by one alongside it', async (t) => {
  const settlement = counting(40);
  const runner = new SettlementRunner(settlement, silent, 3_600_000);
  t.after(() => runner.stop());
  runner.start();
  runner.nudge();
  await until(() => settlement.state.running === 1, 'the first round is running');
  runner.nudge();
  runner.nudge();
  await until(() => settlement.state.rounds === 2 && settlement.state.running === 0, 'the second round ended');
  await tick(100);
  assert.equal(settlement.state.overlapped, false);
  assert.equal(settlement.state.rounds, 2);
});

test('it polls; a failed round is logged and the next one comes; after stop nothing runs', async (t) => {
  let rounds = 0;
  const errors: string[] = [];
  const runner = new SettlementRunner({ async settleDue() { rounds++; throw new Error('database gone'); } }, { error: (f) => errors.push(String(f.err)) }, 10);
  t.after(() => runner.stop());
  runner.start();
  await until(() => rounds >= 3, 'three polls went by');
  assert.match(errors[0] ?? '', /database gone/);
  await runner.stop();
  const stoppedAt = rounds;
  runner.nudge();
  await tick(50);
  assert.equal(rounds, stoppedAt);
});
