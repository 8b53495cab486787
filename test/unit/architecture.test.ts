import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Every module specifier a file names: `import` and `import type`, `export … from`, type-level
 * `import('x').T` and dynamic `import('x')`. Parsed, so comments and strings do not count.
 */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The import graph over `dirs` (repo-relative paths), './x.js' resolved to './x.ts', './x.tsx' or './x/index.ts'. */
function importGraph(dirs: string[]): Map<string, string[]> {
  const files = dirs.flatMap(sources).filter((f) => !f.endsWith('.d.ts')).map((f) => path.relative(root, f));
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) return null;
    const stem = path.join(path.dirname(from), spec).replace(/\.(js|jsx|ts|tsx)$/, '');
    return [`${stem}.ts`, `${stem}.tsx`, path.join(stem, 'index.ts'), path.join(stem, 'index.tsx')].find((c) => known.has(c)) ?? null;
  };
  return new Map(files.map((f) => [f, [...new Set(specifiers(path.join(root, f)).map((s) => resolve(f, s)).filter((x): x is string => x !== null))]]));
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One cycle through a component, as `a → b → … → a`, for the failure message. */
function oneCycle(graph: Map<string, string[]>, scc: string[]): string {
  const inScc = new Set(scc);
  const start = scc[0]!;
  const seen = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!inScc.has(w)) continue;
      if (w === start) {
        const chain = [start];
        for (let at: string | null = v; at !== null && at !== start; at = seen.get(at) ?? null) chain.splice(1, 0, at);
        return [...chain, start].join(' → ');
      }
      if (!seen.has(w)) {
        seen.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc.join(', ');
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
    const graph = importGraph(['main', 'shared', 'renderer/src']);
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
