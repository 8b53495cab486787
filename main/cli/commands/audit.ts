import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { looksLikeMessage, msg } from '../../../shared/messages.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, numberField, ph, toNumber } from '../help.js';
import { AuditFilterSchema, AuditListInputSchema } from '../../../shared/audit.js';
import { streamAuditCsv } from '../../core/audit/audit-query.js';

interface FilterFlags extends CommonOptions {
  action?: string;
  result?: 'success' | 'failure' | 'blocked' | 'info';
  from?: string;
  to?: string;
  search?: string;
}

const withFilters = (cmd: Command) =>
  withCommonOptions(cmd)
    .option(`--action <${ph('action')}>`, h('cli.help.audit.action'))
    .option(`--result <${ph('result')}>`, h('cli.help.audit.result'))
    .option(`--from <${ph('time')}>`, h('cli.help.audit.from'))
    .option(`--to <${ph('time')}>`, h('cli.help.audit.to'))
    .option(`--search <${ph('text')}>`, h('cli.help.audit.search'));

const filterOf = (o: FilterFlags) => ({ action: o.action, result: o.result, from: o.from, to: o.to, q: o.search });

function parseDelimiter(value: string): ';' | ',' {
  const v = value.trim();
  if (v === ';' || v === ',') return v;
  if (v === 'semicolon') return ';';
  if (v === 'comma') return ',';
  throw new InvalidArgumentError('; | ,');
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description(h('cli.help.audit.description'));
  withFilters(audit.command('list'))
    .description(h('cli.help.audit.list'))
    // Default and bounds are the schema's; an absent --limit lets the operation apply its default.
    .option(`--limit <${ph('n')}>`, h('cli.help.audit.limit', numberField(AuditListInputSchema.shape.limit)), toNumber)
    .action(async (opts: FilterFlags & { limit?: number }) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const page = await core.invoke('audit.list', { ...filterOf(opts), limit: opts.limit, offset: 0 }, core.context('cli'));
        if (opts.json) printJson(page);
        else {
          for (const r of page.rows) process.stdout.write(`${r.id}\t${t.format.dateTime(r.ts)}\t${r.actor}\t${r.action}\t${r.result}\t${r.target}${r.detail ? `\t${r.detail}` : ''}\n`);
          process.stdout.write(`${t.text('audit.cli.page', { shown: page.rows.length, total: page.total })}\n`);
        }
        return EXIT.OK;
      }),
    );
  withCommonOptions(audit.command('verify'))
    .description(h('cli.help.audit.verify'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const r = await core.invoke('audit.verify', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else if (r.ok) {
          // What this verify proves and does not: legacy rows, the key, the anchors found.
          const notes = (r.notes ?? []).filter(looksLikeMessage).map((n) => `  ${t.t(n)}\n`);
          process.stdout.write(`${t.text('audit.verify.intact', { count: r.checked })}\n${notes.join('')}`);
        }
        else {
          const reason: unknown = r.first_broken?.reason;
          const text = t.text('audit.verify.broken', { id: r.first_broken?.id ?? '?', count: r.checked, reason: looksLikeMessage(reason) ? reason : msg('audit.chain.unknown_reason') });
          const technical = r.first_broken?.technical_detail;
          process.stdout.write(`${text}\n${technical ? `  ${t.text('report.technical_detail')}: ${technical}\n` : ''}`);
        }
        return r.ok ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withFilters(audit.command('export'))
    .description(h('cli.help.audit.export'))
    .option(`--output <${ph('file')}>`, h('cli.help.audit.output'))
    .option(`--delimiter <${ph('delimiter')}>`, h('cli.help.audit.delimiter'), parseDelimiter)
    .option(`--max-rows <${ph('n')}>`, h('cli.help.audit.max_rows'), positiveInt)
    .action(async (opts: FilterFlags & { output?: string; delimiter?: ';' | ','; maxRows?: number }) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const delimiter = opts.delimiter ?? (t.lang === 'tr' ? ';' : ',');
        const filter = AuditFilterSchema.parse({ ...filterOf(opts), delimiter });
        // Streamed page by page: every row, whatever the count (the in-memory op caps at the newest 100 000).
        const out = opts.output ? fs.createWriteStream(opts.output, { encoding: 'utf8' }) : process.stdout;
        const closed = opts.output ? new Promise<void>((resolve, reject) => out.once('error', reject).once('finish', resolve)) : Promise.resolve();
        const write = (chunk: string) => (out.write(chunk) ? undefined : new Promise<void>((resolve) => out.once('drain', resolve)));
        const r = await streamAuditCsv(core.db, filter, write, { maxRows: opts.maxRows });
        if (opts.output) {
          out.end();
          await closed;
        }
        await core.record({ action: 'AUDIT_EXPORTED', target: 'audit_log', result: 'success', actor: core.actorFor('cli'), detail: `${r.rows} of ${r.total} rows${r.truncated ? ' (capped by --max-rows: newest kept)' : ''}`, new_value: filter });
        if (opts.output) process.stderr.write(`${t.text('audit.cli.wrote', { rows: r.rows, file: opts.output })}\n`);
        if (r.truncated) process.stderr.write(`${t.text('cli.audit_export.truncated', { rows: r.rows, total: r.total })}\n`);
        return EXIT.OK;
      }),
    );
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('1…');
  return n;
}
