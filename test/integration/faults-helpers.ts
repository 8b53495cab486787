// Hostile disks for the fault tests: a small tmpfs that can be filled up or remounted read-only.
// CI runs as root, and root ignores chmod, so an "unwritable folder" has to be a real file system
// that refuses writes. Where mounting is refused (no CAP_SYS_ADMIN), the CLI tests fall back to
// `ulimit -f` (RLIMIT_FSIZE: every write past the limit fails with EFBIG) in a child shell.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/cli.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

/** The environment CLI children get: the audit chain key the test configs name (no keychain in CI). */
export const CLI_ENV: NodeJS.ProcessEnv = { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, OPTIPLAN_CLI_FROM_SOURCE: '1' };

/** A data folder whose system_config.json names the test audit key; removed by the cleanup pushed. */
export function faultDataDir(cleanups: (() => void | Promise<void>)[], system: Record<string, unknown> = {}): string {
  const t = tempDir('optiplan-fault-');
  cleanups.push(() => t.remove());
  writeConfig(t.dir, 'system_config.json', { environment: 'test', audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, ...system });
  return t.dir;
}

export interface SmallDisk {
  dir: string;
  /** Write filler files until the disk refuses (ENOSPC). */
  fill(): void;
  /** Remove the filler: the disk takes writes again. */
  drain(): void;
  readOnly(): void;
  writable(): void;
  release(): void;
}

/** A tmpfs of `sizeKb` mounted at `dir` (created); null when this machine refuses to mount. */
export function smallDisk(dir: string, sizeKb = 512): SmallDisk | null {
  fs.mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0777`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const fillers = path.join(dir, '.fill');
  const remount = (opt: string) => execFileSync('mount', ['-o', `remount,${opt}`, dir], { stdio: 'pipe' });
  return {
    dir,
    fill() {
      fs.mkdirSync(fillers, { recursive: true });
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      for (let i = 0; ; i++) {
        try {
          fs.writeFileSync(path.join(fillers, `f${i}`), i < 1_000 ? chunk : chunk.subarray(0, 512));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          if (i >= 1_000) return;
          i = 999; // big chunks no longer fit: top up with small ones until even those fail
        }
      }
    },
    drain() {
      fs.rmSync(fillers, { recursive: true, force: true });
    },
    readOnly: () => remount('ro'),
    writable: () => remount('rw'),
    release() {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in a child shell, optionally with `ulimit -f <blocks>` (512-byte blocks): the fallback
 * for an unwritable folder where no tmpfs can be mounted.
 */
export function runCliLimited(args: string[], opts: { env?: NodeJS.ProcessEnv; fileBlocks?: number } = {}): Promise<CliRun> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${opts.fileBlocks !== undefined ? `ulimit -f ${opts.fileBlocks}; ` : ''}exec ${quoted}`;
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', script], { env: { ...process.env, ...CLI_ENV, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A seeded pseudo-random generator (mulberry32): kill moments that repeat from run to run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
