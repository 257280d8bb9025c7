/**
 * The built web calendar (dist/web, from `vite build`), read once at start:
 * a few hundred kilobytes. Hashed assets are immutable for a year; HTML is
 * revalidated on every load, so a new build shows at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Buffer;
  type: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** dist/web beside the package.json above this file, whether it runs from src/ (tsx) or dist/. */
export function defaultDistDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

/** Every file under `root` by its URL path (`/assets/index-3f2a.js`); empty when the app is not built. */
export function readStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(root)) return files;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const url = `/${relative(root, path).split(sep).join('/')}`;
      const type = TYPES[extname(name)] ?? 'application/octet-stream';
      // Vite names what it emits under assets/ by content hash.
      files.set(url, { body: readFileSync(path), type, cacheControl: url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE });
    }
  };
  walk(root);
  return files;
}
