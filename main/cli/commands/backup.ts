import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

const id = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a backup id (see backup list)');
  return n;
};
const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1_048_576).toFixed(1)} MB`);

export function registerBackup(program: Command): void {
  const backup = program.command('backup').description('backups of the application database (for Windows Task Scheduler too)');
  withCommonOptions(backup.command('run'))
    .description('back up now (pg_dump -Fc or the SQLite online backup); exit 0 success, 1 failed or refused')
    .option('--verify', 'restore-test the backup right after')
    .action(async (opts: CommonOptions & { verify?: boolean }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('backup.run', { verify: !!opts.verify }, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          process.stdout.write(r.status === 'success' ? `backup ${r.id} ok: ${r.file_path} (${mb(r.size_bytes)}, ${(r.duration_ms / 1000).toFixed(1)} s)\n` : `backup ${r.id} FAILED: ${r.error}\n`);
          for (const w of r.warnings) process.stdout.write(`  warning: ${w}\n`);
          if (r.verify) process.stdout.write(`  verify: ${r.verify.status} — ${r.verify.detail}\n`);
          if (r.verify_error) process.stdout.write(`  verify failed: ${r.verify_error}\n`);
        }
        return r.status === 'success' && (!opts.verify || r.verify?.status === 'ok') ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(backup.command('list'))
    .description('recent backups: time, size, duration, result, verified')
    .option('--limit <n>', 'how many (default 20)', (v) => Number(v), 20)
    .action(async (opts: CommonOptions & { limit: number }) =>
      withCore(opts, async (core) => {
        const rows = await core.invoke('backup.list', { limit: opts.limit, offset: 0 }, core.context('cli'));
        if (opts.json) printJson(rows);
        else {
          for (const r of rows) {
            const dur = r.duration_ms === null ? '—' : `${(r.duration_ms / 1000).toFixed(1)} s`;
            process.stdout.write(`${String(r.id).padStart(5)}  ${r.started_at}  ${r.status.padEnd(8)} ${mb(r.size_bytes).padStart(9)}  ${dur.padStart(7)}  verified: ${r.verified ? r.verified.status : '—'}${r.error ? `  ${r.error}` : ''}\n`);
          }
          if (rows.length === 0) process.stdout.write('no backups yet: optiplan360 backup run\n');
        }
        return EXIT.OK;
      }),
    );
  withCommonOptions(backup.command('verify').argument('<id>', 'backup id (see backup list)', id))
    .description('restore-test a backup; exit 0 ok, 1 failed')
    .action(async (runId: number, opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('backup.verify', { id: runId }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(`verify ${r.run_id}: ${r.status} — ${r.detail}\n`);
        return r.status === 'ok' ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}
