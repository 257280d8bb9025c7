/** The merge rules of event changes within one window (platform.md §10.3), and the retry schedule (§8.8). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergedChange } from '../../src/core/delivery/merge.js';
import { afterFailure, DEFAULT_RETRY_SCHEDULE_MS } from '../../src/core/delivery/model.js';

test('the documented merges', () => {
  assert.equal(mergedChange('create', 'delete'), null, 'create then delete: nothing');
  assert.equal(mergedChange('create', 'update'), 'create');
  assert.equal(mergedChange('delete', 'update'), 'delete');
  assert.equal(mergedChange('update', 'update'), 'update');
  assert.equal(mergedChange('rsvp', 'rsvp'), 'rsvp');
});

test('the undocumented ones follow what a reader would see afterwards', () => {
  assert.equal(mergedChange('update', 'delete'), 'delete');
  assert.equal(mergedChange('delete', 'create'), 'update', 'gone and back: changed');
  assert.equal(mergedChange('create', 'create'), 'create');
});

test('retries after 15 s, 5 min, 1 h and 6 h, then exhausted', () => {
  const at = 1_000_000;
  assert.deepEqual([1, 2, 3, 4].map((n) => afterFailure(n, at, DEFAULT_RETRY_SCHEDULE_MS).dueAt - at), [15_000, 300_000, 3_600_000, 21_600_000]);
  assert.deepEqual([1, 2, 3, 4].map((n) => afterFailure(n, at, DEFAULT_RETRY_SCHEDULE_MS).status), ['failed', 'failed', 'failed', 'failed']);
  assert.equal(afterFailure(5, at, DEFAULT_RETRY_SCHEDULE_MS).status, 'exhausted');
});
