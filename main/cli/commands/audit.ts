import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { looksLikeMessage, msg } from '../../../shared/messages.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface FilterFlags extends CommonOptions {
  action?: string;
  result?: 'success' | 'failure' | 'blocked' | 'info';
  from?: string;
  to?: string;
  search?: string;
}

const withFilters = (cmd: Command) =>
  withCommonOptions(cmd)
    .option('--action <ACTION>', 'only this action, e.g. MIKRO_CONNECTION_TEST')
    .option('--result <result>', 'success | failure | blocked | info')
    .option('--from <iso>', 'from this time (ISO 8601, e.g. 2026-11-01T00:00:00Z)')
    .option('--to <iso>', 'up to this time (ISO 8601)')
    .option('--search <text>', 'text in target or detail');

const filterOf = (o: FilterFlags) => ({ action: o.action, result: o.result, from: o.from, to: o.to, q: o.search });

function parseDelimiter(value: string): ';' | ',' {
  const v = value.trim();
  if (v === ';' || v === ',') return v;
  if (v === 'semicolon') return ';';
  if (v === 'comma') return ',';
  throw new InvalidArgumentError('; | ,');
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  withFilters(audit.command('list'))
    .description('show audit rows, newest first')
    .option('--limit <n>', 'rows to show (1-500)', (v) => Number(v), 50)
    .action(async (opts: FilterFlags & { limit: number }) =>
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
    .description('check the hash chain; exit 0 intact, 1 broken (names the first broken row)')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const r = await core.invoke('audit.verify', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else if (r.ok) process.stdout.write(`${t.text('audit.verify.intact', { count: r.checked })}\n`);
        else {
          const reason: unknown = r.first_broken?.reason;
          const text = t.text('audit.verify.broken', { id: r.first_broken?.id ?? '?', count: r.checked, reason: looksLikeMessage(reason) ? reason : msg('audit.chain.unknown_reason') });
          process.stdout.write(`${text}\n${typeof reason === 'string' ? `  ${t.text('report.technical_detail')}: ${reason}\n` : ''}`);
        }
        return r.ok ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withFilters(audit.command('export'))
    .description('export matching rows as CSV (UTF-8 with BOM) to --output or stdout; ";" between fields in Turkish (Excel in Turkey), "," in English')
    .option('--output <file>', 'write the CSV here instead of stdout')
    .option('--delimiter <;|,>', 'field separator (default: ";" with --lang tr, "," with --lang en)', parseDelimiter)
    .action(async (opts: FilterFlags & { output?: string; delimiter?: ';' | ',' }) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const delimiter = opts.delimiter ?? (t.lang === 'tr' ? ';' : ',');
        const r = await core.invoke('audit.export', { ...filterOf(opts), delimiter }, core.context('cli'));
        if (opts.output) {
          fs.writeFileSync(opts.output, r.csv, 'utf8');
          process.stderr.write(`${t.text('audit.cli.wrote', { rows: r.rows, file: opts.output })}\n`);
        } else process.stdout.write(r.csv);
        return EXIT.OK;
      }),
    );
}
