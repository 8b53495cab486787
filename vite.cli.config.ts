import path from 'node:path';
import { defineConfig } from 'vite';
import { bundleDefines } from './build/bundle-defines.js';
import { nativePackages } from './build/native-modules.js';
import { pgNodeOnly } from './build/pg-node-only.js';

// The CLI as CommonJS, dist/cli/optiplan360.cjs: everything inlined but the native addons
// (build/native-modules.js), which the installer copies beside it (resources/cli/node_modules).
// CommonJS, so that plain `node file.cjs` or Electron's runtime with ELECTRON_RUN_AS_NODE loads
// it without an ESM loader. What the code loads lazily (`serve` → fastify, Mikro → mssql/tedious,
// about 3 MB) goes to chunks of its own beside it: a start parses only the CLI's chunk, so
// `health --json` on SQLite never reads the SQL Server driver or the HTTP server. The entry is
// tiny (main/host/cli-entry.ts: compile cache, then the CLI chunk). Chunks sit in the same
// folder as the entry: main/core/product.ts takes the folder above the code as the resources
// root (config/ and dist-renderer/ there). Minified: parsing is most of a start (bench/cli.bench.ts).
const root = import.meta.dirname;

export default defineConfig({
  define: bundleDefines(root),
  plugins: [pgNodeOnly()],
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
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
