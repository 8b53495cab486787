import { defineConfig } from 'vite';
import { nativePackages } from './build/native-modules.js';

// The Electron main process as one CommonJS file, dist/main/app/main.cjs (package.json `main`).
// An unbundled ESM main process loading packages out of app.asar through dynamic imports is a
// known source of Electron bugs; one file starts fast and loads nothing from node_modules.
// It holds the shell only (window, sender checks, relay, host client): the core is in the host
// bundle (vite.host.config.ts), so nothing native and no database driver is in here.
// Empties dist/main (the old tsc output) first; the preload build then adds preload.cjs.
const root = import.meta.dirname;

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/main',
    emptyOutDir: true,
    sourcemap: false,
    minify: process.env.OPTIPLAN_BUNDLE_MINIFY !== '0',
    target: 'node20',
    reportCompressedSize: false,
    rollupOptions: {
      input: { main: 'main/app/main.ts' },
      external: ['electron', ...nativePackages(root)],
      output: { format: 'cjs', entryFileNames: 'app/[name].cjs', codeSplitting: false },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
