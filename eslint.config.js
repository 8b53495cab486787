// Lint rules that keep the architecture visible: the core and shared code never import
// electron (they run in the CLI and serve), the renderer never imports Node or main code, and
// no source file is part of an import cycle (type imports included; test/unit/architecture.test.ts
// asserts the same).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { cycles, importGraph, oneCycle } from './scripts/import-graph.js';

const root = path.dirname(fileURLToPath(import.meta.url));
const CYCLE_DIRS = ['main', 'shared', 'renderer/src'];

/** The graph is read once per lint run; each file in a cycle gets one report naming it. */
let cycleOf = null;
function cycleFor(file) {
  if (!cycleOf) {
    const graph = importGraph(root, CYCLE_DIRS);
    cycleOf = new Map(cycles(graph).flatMap((scc) => scc.map((f) => [f, { size: scc.length, cycle: oneCycle(graph, [f, ...scc.filter((x) => x !== f)]) }])));
  }
  return cycleOf.get(path.relative(root, file));
}

const local = {
  rules: {
    'no-import-cycles': {
      meta: { type: 'problem', schema: [], messages: { cycle: 'Import cycle ({{size}} files, type imports count): {{cycle}}' } },
      create: (context) => ({
        Program(node) {
          const found = cycleFor(context.filename);
          if (found) context.report({ node, messageId: 'cycle', data: { size: String(found.size), cycle: found.cycle } });
        },
      }),
    },
  },
};

const noElectron = {
  paths: [{ name: 'electron', message: 'main/core, main/server, main/cli and shared/ run without Electron: keep electron in main/app.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-renderer/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench/results/**', 'tmp-*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { local },
    rules: { 'local/no-import-cycles': 'error' },
  },
  {
    files: ['main/core/**/*.ts', 'main/server/**/*.ts', 'main/cli/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectron] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the core only through the Transport.' }],
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'No Node APIs in the renderer (R-APP-1).' },
            { group: ['**/main/**'], message: 'The renderer may import shared/ only.' },
          ],
        },
      ],
    },
  },
);
