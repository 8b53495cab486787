import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { BackupListInputSchema, type BackupListItem } from '../../../shared/backup.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, numberField, ph, toNumber } from '../help.js';

const id = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(cliT().text('backup.cli.bad_id'));
  return n;
};

/**
 * Human output: every text from the catalogue in this run's language (`--lang`), sizes and
 * durations formatted for it (tr "20,0 KB", "2,5 sn"), times in local time with the zone;
 * `--json` keeps the raw numbers and ISO times, with the messages in that language.
 */
export function registerBackup(program: Command): void {
  const backup = program.command('backup').description(h('cli.help.backup.description'));
  withCommonOptions(backup.command('run'))
    .description(h('cli.help.backup.run'))
    .option('--verify', h('cli.help.backup.verify_flag'))
    .action(async (opts: CommonOptions & { verify?: boolean }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('backup.run', { verify: !!opts.verify }, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          const t = cliT();
          const lines =
            r.status === 'success'
              ? [t.text('backup.cli.run_ok', { id: r.id, path: r.file_path ?? '', size: r.size_bytes ?? 0, duration: r.duration_ms })]
              : [t.t(r.message)];
          if (r.status !== 'success' && r.error) lines.push(`  ${t.text('backup.cli.technical', { detail: r.error })}`);
          for (const w of r.warnings) lines.push(`  ${t.text('backup.cli.warning', { text: w })}`);
          if (r.verify) lines.push(`  ${t.text('backup.cli.verify_line', { status: t.text(`backup.verify_status.${r.verify.status}`), text: r.verify.message })}`);
          if (r.verify_error) lines.push(`  ${t.text('backup.cli.verify_error', { text: r.verify_error.message })}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return r.status === 'success' && (!opts.verify || r.verify?.status === 'ok') ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(backup.command('list'))
    .description(h('cli.help.backup.list'))
    // Default and bounds are the schema's; an absent --limit lets the operation apply its default.
    .option(`--limit <${ph('n')}>`, h('cli.help.backup.limit', numberField(BackupListInputSchema.shape.limit)), toNumber)
    .action(async (opts: CommonOptions & { limit?: number }) =>
      withCore(opts, async (core) => {
        const rows = await core.invoke('backup.list', { limit: opts.limit, offset: 0 }, core.context('cli'));
        if (opts.json) printJson(rows);
        else {
          const t = cliT();
          for (const r of rows) process.stdout.write(`${formatListRow(r, t)}\n`);
          if (rows.length === 0) process.stdout.write(`${t.text('backup.cli.list_empty')}\n`);
        }
        return EXIT.OK;
      }),
    );
  withCommonOptions(backup.command('verify').argument(`<${ph('id')}>`, h('cli.help.backup.id'), id))
    .description(h('cli.help.backup.verify'))
    .action(async (runId: number, opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('backup.verify', { id: runId }, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          const t = cliT();
          process.stdout.write(`${t.text('backup.cli.verify_result', { id: r.run_id, status: t.text(`backup.verify_status.${r.status}`), text: r.message })}\n`);
          if (r.technical_detail) process.stdout.write(`  ${t.text('backup.cli.technical', { detail: r.technical_detail })}\n`);
        }
        return r.status === 'ok' ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}

/** One row of `backup list`: id, start (local time), status, size, duration, verification. */
export function formatListRow(r: BackupListItem, t: Translator): string {
  const dash = '—';
  const row = t.text('backup.cli.list_row', {
    id: String(r.id).padStart(5),
    at: t.format.dateTime(r.started_at),
    status: t.text(`backup.status.${r.status}`).padEnd(10),
    size: (r.size_bytes === null ? dash : t.format.bytes(r.size_bytes)).padStart(9),
    duration: (r.duration_ms === null ? dash : t.format.duration(r.duration_ms)).padStart(7),
    verified: r.verified ? t.text(`backup.verify_status.${r.verified.status}`) : dash,
  });
  return r.error ? `${row}  ${t.text('backup.cli.technical', { detail: r.error })}` : row;
}
