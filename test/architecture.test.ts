/**
 * Dependencies point inward (STYLE.md, practice 1): the core imports no web
 * framework, SQL builder or driver, socket library, adapter or storage code.
 * And the Open API reaches the store only through use cases, each of which
 * takes the ports it needs (issue #8 §6).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORE = join(ROOT, 'src', 'core');
const FORBIDDEN_PACKAGES = ['fastify', 'kysely', 'pg', 'better-sqlite3', 'ws', 'protobufjs'];
const FORBIDDEN_FOLDERS = [join(ROOT, 'src', 'adapters'), join(ROOT, 'src', 'storage')];
const OPEN_API = join(ROOT, 'src', 'adapters', 'open-api');
const STORAGE = join(ROOT, 'src', 'storage');
/** What hands out the whole store: a route holding one could skip the use cases. */
const WHOLE_STORE = ['Store', 'Repositories'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.[cm]?tsx?$/.test(name) ? [path] : [];
  });
}

/** Every module specifier: static imports and re-exports (type-only too), dynamic import(), require(). */
export function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
}

function violation(file: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const folder = FORBIDDEN_FOLDERS.find((f) => target === f || target.startsWith(`${f}/`));
    return folder && `${relative(ROOT, file)} imports ${specifier} (${relative(ROOT, folder)})`;
  }
  const bare = specifier.replace(/^node:/, '');
  const pkg = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!;
  const banned = FORBIDDEN_PACKAGES.includes(pkg) || pkg.startsWith('@fastify/');
  return banned ? `${relative(ROOT, file)} imports ${specifier}` : undefined;
}

test('the scan sees every kind of import', () => {
  const source = [
    "import Fastify from 'fastify';",
    "import type { Kysely } from 'kysely';",
    "import {\n  Pool,\n} from 'pg';",
    "export { x } from '../storage/store.js';",
    "import 'ws';",
    "const d = await import('better-sqlite3');",
  ].join('\n');
  assert.deepEqual(specifiers(source).sort(), ['../storage/store.js', 'better-sqlite3', 'fastify', 'kysely', 'pg', 'ws']);
});

test('src/core imports nothing from frameworks, drivers, adapters or storage', () => {
  const files = sourceFiles(CORE);
  assert.ok(files.length > 0, 'no files under src/core');
  const found = files.flatMap((file) => specifiers(readFileSync(file, 'utf8')).flatMap((s) => violation(file, s) ?? []));
  assert.deepEqual(found, []);
});

/** The names a source imports from core/ports.js (type-only or not, aliases undone). */
export function portNames(source: string): string[] {
  const imports = source.matchAll(/\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"][^'"]*\/ports\.js['"]/g);
  return [...imports].flatMap((m) => m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!).filter((n) => n !== ''));
}

test('the port scan sees every way of naming the store', () => {
  const source = [
    "import type { Clock, Store } from '../../core/ports.js';",
    "import {\n  type Repositories as R,\n} from '../core/ports.js';",
    "export type { Needs } from './ports.js';",
  ].join('\n');
  assert.deepEqual(portNames(source).sort(), ['Clock', 'Needs', 'Repositories', 'Store']);
});

test('src/adapters/open-api holds no store: neither Store nor Repositories, nothing of storage', () => {
  const files = sourceFiles(OPEN_API);
  assert.ok(files.length > 0, 'no files under src/adapters/open-api');
  const found = files.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const names = portNames(source).filter((n) => WHOLE_STORE.includes(n)).map((n) => `${relative(ROOT, file)} imports ${n}`);
    const storage = specifiers(source)
      .filter((s) => s.startsWith('.') && resolve(dirname(file), s).startsWith(`${STORAGE}/`))
      .map((s) => `${relative(ROOT, file)} imports ${s}`);
    return [...names, ...storage];
  });
  assert.deepEqual(found, []);
});
