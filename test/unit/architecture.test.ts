import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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

  it('source files stay small (a few hundred lines)', () => {
    const big = [...sources('main'), ...sources('shared'), ...sources('renderer')]
      .map((f) => ({ f: path.relative(root, f), lines: fs.readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > 400);
    expect(big).toEqual([]);
  });
});
