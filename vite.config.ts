import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `<file>.br` and `<file>.gz` beside every text asset, once at build time, so `serve`
 * sends them as they are (main/server/static-assets.ts, @fastify/static `preCompressed`) instead
 * of compressing each answer again.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'optiplan-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const entry of fs.readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|css|html|svg|json)$/.test(entry.name) || entry.parentPath.includes('.vite')) continue;
        const file = path.join(entry.parentPath, entry.name);
        const data = fs.readFileSync(file);
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The renderer: built to dist-renderer/, loaded by Electron from file:// (hence the relative
// base) and served by `optiplan360 serve` at /. No source maps in the build: nothing to serve
// by mistake. The manifest (.vite/manifest.json, never served) lets bench/ui-bundle.bench.ts
// follow the initial imports.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), precompress()],
  resolve: {
    // react-i18next asks for the pre-React-18 polyfill of useSyncExternalStore; React 19 has the
    // hook itself (renderer/src/use-sync-external-store.ts re-exports it), so the polyfill is not shipped.
    alias: [{ find: /^use-sync-external-store\/shim$/, replacement: path.resolve(import.meta.dirname, 'renderer/src/use-sync-external-store.ts') }],
  },
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: false,
    manifest: true,
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The message catalogues are plain data: declaring them free of side effects lets the
      // bundler drop the ones only shared/i18n/translator.ts's MESSAGE_RESOURCES names (the
      // renderer loads one language on demand, renderer/src/i18n/catalogues.ts), even when a
      // catalogue builds an object with a spread (which the bundler cannot prove pure).
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]shared[\\/]i18n[\\/](tr|en)[\\/]/.test(id) },
      output: {
        codeSplitting: {
          // Everything the first screen needs statically (React, react-query, i18next, the shell)
          // in one chunk beside the entry: split among half a dozen small shared chunks it cost
          // about 1.5 KB more gzip (each file compressed on its own, each with its import/export
          // lists). Pages, the banners, the event stream and the catalogues stay their own chunks.
          // The catalogues are left out by name: translator.ts imports them statically, but only
          // for MESSAGE_RESOURCES, which the renderer never uses (tree-shaken, see above).
          groups: [{ name: 'shell', tags: ['$initial'], test: (id: string) => !/[\\/]shared[\\/]i18n[\\/](tr|en)[\\/]|[\\/]renderer[\\/]src[\\/]main\.tsx$/.test(id), includeDependenciesRecursively: false }],
        },
      },
    },
  },
  server: { port: 5173, strictPort: true },
});
