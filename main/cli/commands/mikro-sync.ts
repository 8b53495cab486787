/**
 * `optiplan360 mikro sync [--full] [--tables accounts,stock] [--json]` and `mikro sync-status`:
 * the PULL sync from the command line, every text from the catalogue in this run's language,
 * counts and durations formatted for it (tr "1.250 kayıt", "2,5 sn").
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Translator } from '../../../shared/i18n/translator.js';
import { SYNC_TABLES, type MikroSyncResult, type MikroSyncTableState, type SyncTableName } from '../../../shared/mikro-sync.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

function tables(value: string): SyncTableName[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!(SYNC_TABLES as readonly string[]).includes(name)) throw new InvalidArgumentError(cliT().text('mikro.sync.cli.bad_table', { name, valid: [...SYNC_TABLES] }));
  }
  return names as SyncTableName[];
}

export function formatSyncResult(r: MikroSyncResult, t: Translator = cliT()): string {
  const lines = [t.t(r.message)];
  for (const table of r.tables) {
    lines.push(
      t.text('mikro.sync.cli.table_line', {
        table: t.text(`mikro.sync.tables.${table.table}`),
        status: t.text(`mikro.sync.status.${table.status}`),
        read: table.rows_read,
        changed: table.rows_changed,
        cancelled: table.rows_cancelled,
        pages: table.pages,
        duration: table.duration_ms,
      }),
    );
    if (table.error) {
      lines.push(t.text('mikro.sync.cli.table_error', { reason: table.error.message }));
      if (table.error.technical_detail) lines.push(`    ${t.text('cli.technical', { detail: table.error.technical_detail.split('\n')[0] ?? '' })}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatSyncStatus(states: readonly MikroSyncTableState[], t: Translator = cliT()): string {
  const when = (at: string | null) => (at ? t.format.dateTime(at) : t.text('mikro.sync.cli.never'));
  return `${states
    .map((s) => {
      const line = t.text('mikro.sync.cli.status_line', { table: t.text(`mikro.sync.tables.${s.table}`), status: t.text(`mikro.sync.status.${s.status}`), at: when(s.last_finished_at), success: when(s.last_success_at), rows: s.rows });
      return s.last_error ? `${line}\n    ${t.text('cli.technical', { detail: s.last_error.split('\n')[0] ?? '' })}` : line;
    })
    .join('\n')}\n`;
}

/** Registered under `mikro` (main/cli/commands/mikro.ts). */
export function registerMikroSync(mikro: Command): void {
  withCommonOptions(mikro.command('sync'))
    .description(h('mikro.sync.help.sync'))
    .option('--full', h('mikro.sync.help.full'))
    .option(`--tables <${ph('names')}>`, h('mikro.sync.help.tables'), tables)
    .action(async (opts: CommonOptions & { full?: boolean; tables?: SyncTableName[] }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.sync', { full: !!opts.full, ...(opts.tables ? { tables: opts.tables } : {}) }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(formatSyncResult(r));
        return r.status === 'DONE' ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(mikro.command('sync-status'))
    .description(h('mikro.sync.help.status'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const states = await core.invoke('mikro.syncStatus', {}, core.context('cli'));
        if (opts.json) printJson(states);
        else process.stdout.write(formatSyncStatus(states));
        return EXIT.OK;
      }),
    );
}
