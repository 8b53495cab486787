import path from 'node:path';
import { defineConfig } from 'vite';
import { bundleDefines } from './build/bundle-defines.js';
import { nativePackages } from './build/native-modules.js';

// The CLI as CommonJS, dist/cli/optiplan360.cjs: everything inlined but the native addons
// (build/native-modules.js), which the installer copies beside it (resources/cli/node_modules).
// CommonJS, so that plain `node file.cjs` or Electron's runtime with ELECTRON_RUN_AS_NODE loads
// it without an ESM loader. What the code loads lazily (`serve` → fastify, Mikro → mssql/tedious,
// about 3 MB) goes to dist/cli/chunks/: a start parses only the main file, so `health --json`
// on SQLite never reads the SQL Server driver or the HTTP server. Minified because parsing the
// file is most of a start (see bench/cli.bench.ts).
const root = import.meta.dirname;

export default defineConfig({
  define: bundleDefines(root),
  resolve: { alias: [{ find: /^date-fns$/, replacement: path.join(root, 'build', 'date-fns-subset.js') }] },
  build: {
    ssr: true,
    outDir: 'dist/cli',
    emptyOutDir: true,
    sourcemap: false,
    minify: process.env.OPTIPLAN_BUNDLE_MINIFY !== '0',
    target: 'node20',
    reportCompressedSize: false,
    rollupOptions: {
      input: { optiplan360: 'main/host/cli-entry.ts' },
      external: [...nativePackages(root), 'electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
