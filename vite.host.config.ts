import path from 'node:path';
import { defineConfig } from 'vite';
import { bundleDefines } from './build/bundle-defines.js';
import { nativePackages } from './build/native-modules.js';
import { pgNodeOnly } from './build/pg-node-only.js';

// The core host (main/host/host-process.ts) as one CommonJS file, dist/host/core-host.cjs: what
// the Electron main process starts as a utilityProcess, and what a test forks under plain Node.
// Native addons stay outside (asarUnpack puts them in app.asar.unpacked, where Electron's
// loader finds them); everything else is inlined, so nothing is loaded out of app.asar by a
// dynamic import at run time. Lazy imports (mssql, fastify) stay lazy as chunks beside it.
const root = import.meta.dirname;

export default defineConfig({
  define: bundleDefines(root),
  plugins: [pgNodeOnly()],
  resolve: { alias: [{ find: /^date-fns$/, replacement: path.join(root, 'build', 'date-fns-subset.js') }] },
  build: {
    ssr: true,
    outDir: 'dist/host',
    emptyOutDir: true,
    sourcemap: false,
    minify: process.env.OPTIPLAN_BUNDLE_MINIFY !== '0',
    target: 'node20',
    reportCompressedSize: false,
    rollupOptions: {
      input: { 'core-host': 'main/host/host-process.ts' },
      external: [...nativePackages(root), 'electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
