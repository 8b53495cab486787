import { defineConfig } from 'vite';

// The preload runs sandboxed, where only CommonJS works: bundle it (with the contract's op
// names) into one .cjs file next to the compiled main process.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist/main/app',
    emptyOutDir: false,
    sourcemap: false,
    minify: false,
    target: 'node20',
    rollupOptions: {
      input: 'main/app/preload.ts',
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'preload.cjs' },
    },
  },
  ssr: { noExternal: true },
});
