/** formatRfc3339 (free/busy item times) against a reference written with Date, by property. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatRfc3339, parseRfc3339 } from '../../src/core/availability/freebusy-time.js';

function reference(seconds: number, minutes: number, utc: boolean): string {
  const local = new Date((seconds + minutes * 60) * 1000).toISOString().slice(0, 19);
  if (utc) return `${local}Z`;
  const abs = Math.abs(minutes);
  return `${local}${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

test('formatRfc3339 writes any instant in any offset as Date does, and parses back to it', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 16_725_225_600 }),
    fc.oneof(fc.constant(0), fc.integer({ min: -12 * 60, max: 14 * 60 })),
    fc.boolean(),
    (seconds, minutes, utcFlag) => {
      const utc = utcFlag && minutes === 0;
      const text = formatRfc3339(seconds, { minutes, utc });
      assert.equal(text, reference(seconds, minutes, utc));
      const parsed = parseRfc3339(text);
      assert.ok(typeof parsed !== 'string');
      assert.equal(parsed.seconds, seconds);
    },
  ), { numRuns: 2000 });
});
