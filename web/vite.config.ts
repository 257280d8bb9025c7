/**
 * The web calendar's build: `web/index.html` (and `web/console/index.html`
 * when the console is there) into `dist/web/`, hashed assets under assets/.
 * Prints the gzipped size of the calendar's first load (what it imports as it
 * starts, the view's chunk it imports at once included) against issue #13's
 * 250 kB target.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const input: Record<string, string> = { index: `${root}index.html` };
if (existsSync(`${root}console/index.html`)) input.console = `${root}console/index.html`;

const TARGET_BYTES = 250 * 1024;

/** The app's first load: index.html, its entry chunk, what that imports, statically or as it starts, and their CSS. */
function firstLoadSize(): Plugin {
  return {
    name: 'larkcal-first-load-size',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      let bytes = 0;
      const add = (name: string) => {
        if (seen.has(name)) return;
        seen.add(name);
        const item = bundle[name];
        if (!item) return;
        bytes += gzipSync(item.type === 'chunk' ? item.code : item.source).length;
        if (item.type === 'chunk') {
          item.imports.forEach(add);
          // The calendar imports its view (FullCalendar) as it starts: part of the first load too.
          item.dynamicImports.forEach(add);
          for (const css of item.viteMetadata?.importedCss ?? []) add(css);
        }
      };
      add('index.html');
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk' && item.isEntry && item.facadeModuleId?.endsWith('/web/index.html')) add(name);
      }
      const kb = (bytes / 1024).toFixed(1);
      const verdict = bytes <= TARGET_BYTES ? 'within' : 'OVER';
      this.info(`web calendar first load: ${kb} kB gzipped (${verdict} the 250 kB target)`);
      console.log(`\nweb calendar first load: ${kb} kB gzipped (${verdict} the 250 kB target)`);
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input },
  },
  plugins: [firstLoadSize()],
});
