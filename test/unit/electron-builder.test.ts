// The installed app as electron-builder.yml describes it (no Electron binary here, so it is
// checked as configuration): valid against electron-builder's own schema, the fuses hardened
// (RunAsNode on only for the CLI shim, and the file says so), the bundled CLI, its native
// modules and the shim in resources/cli, the PATH option of the NSIS installer.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules, createRequire } from 'node:module';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { RUNTIME_FILES, nativePackages, runtimeClosure } from '../../build/native-modules.js';
import { REPO } from '../helpers/cli.js';

interface FileSet {
  from: string;
  to: string;
  filter?: string[] | string;
}

const text = fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8');
const config = yaml.load(text) as Record<string, unknown> & { extraResources: FileSet[]; files: string[]; electronFuses: Record<string, boolean>; nsis: Record<string, unknown> };

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s schema (app-builder-lib/scheme.json), fuses included', () => {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema accepts a misspelt fuse nowhere: an unknown key in electronFuses fails it.
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: true } })).toBe(false);
  });

  it('hardens the fuses; RunAsNode is on, and the file says it is for the CLI shim', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    const before = text.slice(0, text.indexOf('runAsNode: true'));
    expect(before.slice(before.lastIndexOf('electronFuses:'))).toMatch(/RunAsNode[\s\S]*CLI shim[\s\S]*ELECTRON_RUN_AS_NODE/);
  });

  it('packs the bundles (not the old tsc output) and no pure-JavaScript node_modules', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/**/*', 'dist/host/**/*', 'dist-renderer/**/*', '!node_modules/**/*']));
    expect(config.files.join('\n')).not.toMatch(/^dist\/\*\*/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/main/app/main.cjs');
    // The native runtime closure is what the asar keeps of node_modules.
    const kept = config.files.find((f) => f.startsWith('node_modules/{'))!;
    expect(kept).toContain(`{${runtimeClosure(REPO).join(',')}}`);
    expect(config.asarUnpack).toEqual(nativePackages(REPO).map((n) => `node_modules/${n}/**`));
  });

  it('puts the bundled CLI, its native modules and the shim in resources/cli', () => {
    const to = (dest: string) => config.extraResources.find((r) => r.to === dest);
    expect(to('cli')).toMatchObject({ from: 'dist/cli' });
    expect(to('cli/optiplan360.cmd')).toMatchObject({ from: 'build/optiplan360.cmd' });
    expect(to('cli/path-entry.ps1')).toMatchObject({ from: 'build/path-entry.ps1' });
    for (const name of runtimeClosure(REPO)) {
      expect(to(`cli/node_modules/${name}`), name).toEqual({ from: `node_modules/${name}`, to: `cli/node_modules/${name}`, filter: RUNTIME_FILES });
    }
    expect(to('config')).toMatchObject({ from: 'config' });
    for (const r of config.extraResources) expect(fs.existsSync(path.join(REPO, r.from)), r.from).toBe(true);
  });

  it('the shim runs the bundle with the app’s own runtime in Node mode and keeps the exit code', () => {
    const shim = fs.readFileSync(path.join(REPO, 'build', 'optiplan360.cmd'), 'utf8');
    expect(shim.split('\r\n').length).toBe(shim.split('\n').length); // CRLF throughout (cmd.exe)
    expect(shim).toMatch(/^set ELECTRON_RUN_AS_NODE=1\r$/m);
    expect(shim).toContain(`"%~dp0..\\..\\${config.productName as string}.exe" "%~dp0optiplan360.cjs" %*`);
    expect(shim).toMatch(/exit \/b %ERRORLEVEL%/);
  });

  it('the NSIS include offers PATH (checkbox page, /NOPATH when silent) and removes it on uninstall', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
    const nsh = fs.readFileSync(path.join(REPO, 'build', 'installer.nsh'), 'utf8');
    expect(nsh).toMatch(/!macro customPageAfterChangeDir[\s\S]*Page custom/);
    expect(nsh).toMatch(/\/NOPATH/);
    expect(nsh).toMatch(/!macro customInstall[\s\S]*path-entry\.ps1" add "\$INSTDIR\\resources\\cli"/);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*path-entry\.ps1" remove "\$INSTDIR\\resources\\cli"/);
    // Every language the installer offers has the page's texts.
    for (const lang of ['TURKISH', 'ENGLISH']) expect(nsh).toContain(`LangString OptiPathBox \${LANG_${lang}}`);
    expect(config.nsis.installerLanguages).toEqual(['tr_TR', 'en_US']);
  });
});

describe('the built main process', () => {
  it('is one CommonJS file that loads only electron and Node built-ins: no driver, no native module, no node_modules', () => {
    const file = path.join(REPO, 'dist', 'main', 'app', 'main.cjs');
    if (!fs.existsSync(file)) throw new Error('dist/main/app/main.cjs is missing: run `npm run build` first (npm test does)');
    const text = fs.readFileSync(file, 'utf8');
    const loaded = new Set([...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)|\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1] ?? m[2]!));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    expect([...loaded].filter((m) => m !== 'electron' && !builtins.has(m))).toEqual([]);
    expect(loaded.has('electron')).toBe(true);
    // The core is the host's: the shell's bundle starts it, it does not contain it.
    expect(text).toContain('core-host.cjs');
    expect(text).not.toMatch(/better_sqlite3|PRAGMA journal_mode|pg-pool/);
  });
});
