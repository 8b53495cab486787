// One backup job per backup folder: refused in-process, refused across processes through the
// lock file, and a lock left by a dead process (or a long-gone other machine) taken over.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireBackupLock, FOREIGN_LOCK_STALE_MS, LOCK_FILE } from '../../main/core/backup/backup-lock.js';
import { tempDir } from '../helpers/temp.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((c) => c()));

function dir(): string {
  const t = tempDir('optiplan-lock-');
  cleanups.push(() => t.remove());
  return t.dir;
}
const writeLock = (d: string, v: object) => fs.writeFileSync(path.join(d, LOCK_FILE), JSON.stringify(v));

describe('backup lock', () => {
  it('refuses a second job in this process with E_BUSY naming the holder; release frees it', () => {
    const d = dir();
    const lock = acquireBackupLock(d, 'backup');
    const info = JSON.parse(fs.readFileSync(path.join(d, LOCK_FILE), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, host: os.hostname(), job: 'backup' });
    expect(() => acquireBackupLock(d, 'verify')).toThrow(expect.objectContaining({ code: 'E_BUSY', message: expect.stringContaining(`a backup by process ${process.pid}`) }));
    lock.release();
    expect(fs.existsSync(path.join(d, LOCK_FILE))).toBe(false);
    acquireBackupLock(d, 'verify').release();
    lock.release(); // twice is harmless
  });

  it('refuses while another live process holds the lock file', async () => {
    const d = dir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    cleanups.push(() => void other.kill());
    writeLock(d, { pid: other.pid, host: os.hostname(), job: 'backup', since: new Date().toISOString() });
    expect(() => acquireBackupLock(d, 'backup')).toThrow(expect.objectContaining({ code: 'E_BUSY', message: expect.stringContaining(`process ${other.pid}`) }));
    expect(JSON.parse(fs.readFileSync(path.join(d, LOCK_FILE), 'utf8')).pid).toBe(other.pid); // untouched
  });

  it('takes over a stale lock: dead pid on this host, or another host past the limit', () => {
    const d = dir();
    const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    writeLock(d, { pid: dead, host: os.hostname(), job: 'backup', since: new Date().toISOString() });
    const lock = acquireBackupLock(d, 'backup');
    expect(JSON.parse(fs.readFileSync(path.join(d, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();

    const now = Date.now();
    writeLock(d, { pid: 1, host: 'other-pc', job: 'backup', since: new Date(now - 3600_000).toISOString() });
    expect(() => acquireBackupLock(d, 'backup', () => now)).toThrow(/process 1 on other-pc/);
    writeLock(d, { pid: 1, host: 'other-pc', job: 'backup', since: new Date(now - FOREIGN_LOCK_STALE_MS - 1).toISOString() });
    acquireBackupLock(d, 'backup', () => now).release();
    expect(fs.readdirSync(d)).toEqual([]); // no leftovers (.stale-* files) either
  });

  it('release never deletes a lock file that is not ours', () => {
    const d = dir();
    const lock = acquireBackupLock(d, 'backup');
    writeLock(d, { pid: 4242, host: 'x', job: 'backup', since: 'later' });
    lock.release();
    expect(fs.existsSync(path.join(d, LOCK_FILE))).toBe(true);
  });
});
