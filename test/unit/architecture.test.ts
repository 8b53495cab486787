import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, oneCycle, specifiers } from '../../scripts/import-graph.js';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const ELECTRON_IMPORT = /(from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\))/;

describe('architecture rules', () => {
  it('the core and shared code never import electron (they run in the CLI and serve too)', () => {
    const offenders = [...sources('main/core'), ...sources('shared'), ...sources('main/server'), ...sources('main/cli')].filter((f) =>
      ELECTRON_IMPORT.test(fs.readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports Node built-ins or main-process code', () => {
    const offenders = sources('renderer').filter((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return /from\s+['"](node:|fs['"]|path['"]|child_process)/.test(text) || /from\s+['"][./]*main\//.test(text) || ELECTRON_IMPORT.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('no import cycles over main/, shared/ and renderer/src, type imports and re-exports included', () => {
    const graph = importGraph(root, ['main', 'shared', 'renderer/src']);
    expect(graph.size).toBeGreaterThan(100);
    // The graph sees type imports: the core's facade reaches its handlers only through compose.ts.
    expect(graph.get(path.join('main', 'core', 'core.ts'))).toContain(path.join('main', 'core', 'compose.ts'));
    const found = cycles(graph).map((scc) => `${scc.length} files: ${oneCycle(graph, scc)}`);
    expect(found).toEqual([]);
  });

  it('the cycle finder sees a cycle made only of type imports', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(oneCycle(graph, ['a.ts', 'b.ts', 'c.ts'])).toBe('a.ts → b.ts → c.ts → a.ts');
    const typeOnly = path.join(root, 'main', 'core', 'api', 'mikro-handlers.ts');
    expect(specifiers(typeOnly)).toContain('../mikro/mikro-service.js');
  });

  it('source files stay small (a few hundred lines)', () => {
    const big = [...sources('main'), ...sources('shared'), ...sources('renderer')]
      .map((f) => ({ f: path.relative(root, f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > 400);
    expect(big).toEqual([]);
  });
});
