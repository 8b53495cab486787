// A full or read-only log folder never takes the console down: the file logger keeps going
// (lines buffered, then dropped and counted), health and diagnostics say "logs cannot be
// written", every CLI verb and `serve` keep working, and the folder is used again once it is back.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { healthVerdict, logFolder } from '../../main/core/diagnostics/checks/system.js';
import { createFileLogger, logFolderState } from '../../main/core/logging/logger.js';
import { translator } from '../../shared/i18n/translator.js';
import { BIN, runCli } from '../helpers/cli.js';
import { CLI_ENV, faultDataDir, runCliLimited, smallDisk, type SmallDisk } from './faults-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function disk(at: string, kb = 256): SmallDisk {
  const d = smallDisk(at, kb);
  if (!d) throw new Error('this test needs to mount a tmpfs (run as root, as CI does); the CLI tests fall back to ulimit -f');
  cleanups.push(() => d.release());
  return d;
}

const dataDir = () => faultDataDir(cleanups);

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TR = translator('tr');

describe('log folder faults', { timeout: 240_000 }, () => {
  it('a full log folder: the logger never throws, buffers then drops, reports it, and recovers when space is back', async () => {
    const d = disk(path.join(dataDir(), 'logs'));
    d.fill();
    for (const sync of [true, false]) {
      const logger = await createFileLogger({ logDir: d.dir, sync, retryMs: 50 });
      for (let i = 0; i < 20_000; i++) logger.info({ i, pad: 'ı'.repeat(80) }, 'satır');
      await wait(100);
      const st = logFolderState()!;
      expect(st.writable).toBe(false);
      expect(st.error).toMatch(/ENOSPC/);
      expect(st.buffered + st.dropped).toBeGreaterThan(0);
      expect(st.dropped).toBeGreaterThan(0); // 20 000 lines do not fit the 1 MiB buffer

      const check = logFolder(d.dir, st);
      expect(check.status).toBe('FAIL');
      expect(TR.t(check.detail)).toContain('Günlükler yazılamıyor');
      expect(check.technical_detail).toMatch(/ENOSPC/);
    }
    // Space is back: the next line after the retry delay reopens the file and writes the buffer.
    d.drain();
    const logger = await createFileLogger({ logDir: d.dir, sync: true, retryMs: 50 });
    expect(logFolderState()!.writable).toBe(true);
    logger.info('after');
    const text = fs.readdirSync(d.dir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(d.dir, f), 'utf8')).join('');
    expect(text).toContain('"msg":"after"');
    expect(logFolder(d.dir, logFolderState()).status).toBe('PASS');
  });

  it('a read-only log folder: the logger starts (state not writable), then writes again after a remount', async () => {
    const d = disk(path.join(dataDir(), 'logs'));
    d.readOnly();
    const logger = await createFileLogger({ logDir: d.dir, sync: true, retryMs: 30 });
    logger.info('while read-only');
    expect(logFolderState()).toMatchObject({ writable: false, error: expect.stringMatching(/EROFS|read-only/) });
    expect(logFolder(d.dir, null).status).toBe('FAIL'); // the probe write of the check itself
    d.writable();
    // Each line after the retry delay tries the folder again (bounded polling, not a time limit).
    for (let i = 0; i < 200 && !logFolderState()!.writable; i++) {
      await wait(50);
      logger.info('writable again');
    }
    expect(logFolderState()!.writable).toBe(true);
    const text = fs.readdirSync(d.dir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(d.dir, f), 'utf8')).join('');
    expect(text).toContain('while read-only'); // the buffered line was written out
    expect(text).toContain('log folder writable again');
    expect(logFolder(d.dir, null).status).toBe('PASS');
  });

  it('health reports "logs cannot be written" (degraded, with the folder) while the logger cannot write', async () => {
    const dir = dataDir();
    const d = disk(path.join(dir, 'logs'));
    d.fill();
    const logger = await createFileLogger({ logDir: d.dir, sync: true });
    const core = await Core.open({ dataDir: dir, logger, env: { ...process.env, ...CLI_ENV } });
    cleanups.push(() => core.close());
    await core.migrateUp('test');
    const report = await core.invoke('health.get', {}, core.context('cli'));
    expect(report.status).toBe('degraded');
    expect(report.logs).toMatchObject({ writable: false, dir: d.dir });
    expect(TR.t(report.logs!.message)).toContain(d.dir);
    const verdict = healthVerdict(report);
    expect(verdict.status).toBe('WARN');
    expect(TR.t(verdict.detail)).toBe(`Backend kısmen sağlıklı: günlükler yazılamıyor (${d.dir}).`);
  });

  it('CLI verbs keep working with a full log folder (health, audit verify, migrate up, backup run, diagnostics)', async () => {
    const dir = dataDir();
    const d = smallDisk(path.join(dir, 'logs'), 128);
    let limited: number | undefined;
    if (d) {
      cleanups.push(() => d.release());
      d.fill();
    } else limited = 0; // fallback: no file may grow at all
    const run = (...args: string[]) => runCliLimited([...args, '--data-dir', dir], { fileBlocks: limited });
    const up = await run('migrate', 'up');
    expect(up.code, up.stderr).toBe(0);
    const health = await run('health', '--json');
    expect(health.code, health.stderr).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject({ status: 'degraded', logs: { writable: false } });
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stderr).not.toMatch(/E_INTERNAL/);
    const diag = await run('diagnostics', '--only', 'log_folder', '--json', '--fail-on', 'none');
    expect(diag.code, diag.stderr).toBe(0);
    expect(JSON.parse(diag.stdout).checks.find((c: { name: string }) => c.name === 'log_folder')).toMatchObject({ status: 'FAIL' });
  });

  it('serve keeps answering with a full log folder (the ENOSPC from the log stream is not fatal)', async () => {
    const dir = dataDir();
    const d = disk(path.join(dir, 'logs'), 128);
    d.fill();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir], { env: { ...process.env, ...CLI_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));
    for (let i = 0; i < 200 && !/https?:\/\/127\.0\.0\.1:\d+/.test(out) && exited === undefined; i++) await wait(100);
    const url = /(https?:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(url, out).toBeTruthy();
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${url}/health`);
      expect(r.status).toBeLessThan(600);
      await r.text();
    }
    await wait(500);
    expect(exited).toBeUndefined();
    const body = (await (await fetch(`${url}/health`)).json()) as { logs?: { writable: boolean } };
    expect(body.logs).toMatchObject({ writable: false });
  });

  it('the CLI piped into `head` exits quietly on EPIPE', async () => {
    const dir = dataDir();
    expect((await runCli(['migrate', 'up', '--data-dir', dir], CLI_ENV)).code).toBe(0);
    // Enough rows to fill the pipe many times over; `head` goes away after 10 bytes.
    const db = new Database(path.join(dir, 'optiplan360.sqlite'));
    db.exec(`with recursive n(i) as (select 1 union all select i + 1 from n where i < 30000)
             insert into audit_log (ts, actor, action, target, result, detail, old_value, new_value, prev_hash, hash)
             select '2026-01-01T00:00:00.000Z', 'op', 'TEST', 'row ' || i, 'info', printf('%0200d', i), null, null, '', ''  from n`);
    db.close();
    const sh = spawn('/bin/bash', ['-c', `'${process.execPath}' '${BIN}' audit export --data-dir '${dir}' | head -c 10 > /dev/null; echo "rc=\${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...CLI_ENV } });
    let stdout = '';
    let stderr = '';
    sh.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    sh.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    await new Promise((r) => sh.on('close', r));
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('rc=0');
  });
});
