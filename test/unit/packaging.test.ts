import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

// electron-builder cannot package here (it downloads Electron), so its config is checked
// against electron-builder's own JSON schema instead.
describe('electron-builder.yml', () => {
  const config = yaml.load(fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('is valid against electron-builder’s schema', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('builds an NSIS installer for Windows, unpacks native modules and ships the config templates', () => {
    expect(JSON.stringify(config.win)).toContain('nsis');
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/keytar/**']));
    expect(JSON.stringify(config.extraResources)).toContain('config');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/app/main.cjs');
  });
});

describe('the built preload', () => {
  it('is one CommonJS file that requires nothing but electron (sandboxed preloads can load nothing else)', () => {
    const file = path.join(REPO, 'dist', 'main', 'app', 'preload.cjs');
    if (!fs.existsSync(file)) throw new Error('dist/main/app/preload.cjs is missing: run `npm run build` first (npm test does)');
    const text = fs.readFileSync(file, 'utf8');
    const requires = [...text.matchAll(/require\((['"])([^'"]+)\1\)/g)].map((m) => m[2]);
    expect([...new Set(requires)]).toEqual(['electron']);
    expect(text).toContain('exposeInMainWorld');
    expect(text).not.toMatch(/\bimport\s+[{*\w]/);
  });
});
