/**
 * The error-code registry against the documents it was built from: every Feishu
 * code larkcal answers appears in the API reference (../shared/spec) or in the
 * README, and where a table there gives that code an HTTP status, the registry
 * answers with one of the statuses given (Fastify's "one registry of error codes,
 * tested against the docs table").
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ERROR_CODES } from '../../src/adapters/open-api/error-codes.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SPEC = join(ROOT, '..', 'shared', 'spec');
const HTTP_STATUS = /^(200|4\d\d|5\d\d)$/;

interface Mention { source: string; statuses: number[] }

/** Every place a code is written, with the HTTP statuses of the table rows that name it. */
function mentionsOf(code: number, documents: ReadonlyArray<[string, string]>): Mention[] {
  const word = new RegExp(`(^|[^0-9])${code}([^0-9]|$)`);
  const out: Mention[] = [];
  for (const [source, text] of documents) {
    for (const line of text.split('\n')) {
      if (!word.test(line)) continue;
      const cells = line.trim().startsWith('|') ? line.split('|').map((c) => c.trim().replace(/`/g, '')) : [];
      // Only rows whose own code cell is this code say what status it has.
      const statuses = cells.includes(String(code)) ? cells.filter((c) => HTTP_STATUS.test(c)).map(Number) : [];
      out.push({ source, statuses });
    }
  }
  return out;
}

function documents(): Array<[string, string]> {
  const docs: Array<[string, string]> = [['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')]];
  for (const name of readdirSync(SPEC).filter((n) => n.endsWith('.md'))) docs.push([name, readFileSync(join(SPEC, name), 'utf8')]);
  return docs;
}

describe('the error-code registry matches the API reference and the README', { skip: existsSync(SPEC) ? false : 'no ../shared/spec beside this checkout' }, () => {
  const docs = existsSync(SPEC) ? documents() : [];
  const entries = Object.entries(ERROR_CODES);

  test('the registry is not empty and every entry is a Feishu code with an HTTP status', () => {
    assert.ok(entries.length > 50, `only ${entries.length} entries`);
    for (const [name, { code, status }] of entries) {
      assert.ok(Number.isInteger(code) && code > 0, `${name}: code ${code}`);
      assert.ok(HTTP_STATUS.test(String(status)), `${name}: status ${status}`);
    }
  });

  for (const [name, { code, status }] of entries) {
    test(`${name} (${code}, HTTP ${status})`, () => {
      const mentions = mentionsOf(code, docs);
      assert.ok(mentions.length > 0, `${code} appears neither in ../shared/spec nor in the README`);
      const tabled = mentions.filter((m) => m.statuses.length > 0);
      if (tabled.length === 0) return; // written in prose only: nothing states a status to compare
      const given = [...new Set(tabled.flatMap((m) => m.statuses))];
      assert.ok(given.includes(status), `${code}: the docs' tables give HTTP ${given.join(' / ')} (${tabled.map((m) => m.source).join(', ')}), the registry ${status}`);
    });
  }
});
