/**
 * The README's configuration table is generated from the schema (configTable()),
 * so it cannot drift: the table between the config-table markers must equal it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { configTable } from '../../src/config/load.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

test('the README configuration table is configTable()', () => {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  assert.ok(start >= 0 && end > start, `README.md needs the table between ${START} and ${END}`);
  const table = text.slice(start + START.length, end).replace(/\r\n/g, '\n').trim();
  assert.equal(table, configTable(), 'regenerate it: node --import tsx -e "import(\'./src/config/load.ts\').then((m) => console.log(m.configTable()))"');
});
