// The import graph of the TypeScript sources and its cycles, for the architecture test
// (test/unit/architecture.test.ts) and the lint rule `local/no-import-cycles` (eslint.config.js).
// It counts `import` and `import type`, `export … from`, type-level `import('x').T` and dynamic
// `import('x')`: a cycle made only of type imports is still a cycle (ARCHITECTURE.md).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Every module specifier a file names. Parsed, so comments and strings do not count. */
export function specifiers(file) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out = [];
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * The graph over `dirs` (relative to `root`), keyed by repo-relative path; './x.js' resolves to
 * './x.ts', './x.tsx' or './x/index.ts'. Package imports are left out.
 */
export function importGraph(root, dirs) {
  const files = dirs.flatMap((dir) =>
    fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
      .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
  );
  const known = new Set(files);
  const resolve = (from, spec) => {
    if (!spec.startsWith('.')) return null;
    const stem = path.join(path.dirname(from), spec).replace(/\.(js|jsx|ts|tsx)$/, '');
    return [`${stem}.ts`, `${stem}.tsx`, path.join(stem, 'index.ts'), path.join(stem, 'index.tsx')].find((c) => known.has(c)) ?? null;
  };
  return new Map(files.map((f) => [f, [...new Set(specifiers(path.join(root, f)).map((s) => resolve(f, s)).filter((x) => x !== null))]]));
}

/** Strongly connected components with more than one file (or a file importing itself), sorted (Tarjan). */
export function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One cycle through a component, as `a → b → … → a` (shortest from its first file), for messages. */
export function oneCycle(graph, scc) {
  const inScc = new Set(scc);
  const start = scc[0];
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!inScc.has(w)) continue;
      if (w === start) {
        const chain = [];
        for (let at = v; at !== null; at = parent.get(at)) chain.unshift(at);
        return [...chain, start].join(' → ');
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc.join(', ');
}
