import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { IntegrationCheck } from '../../../shared/mikro.js';
import { toCsv } from '../../../shared/csv.js';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('expected a whole number 1-10000');
  return n;
};

export function formatChecks(checks: IntegrationCheck[], lang: 'tr' | 'en' = 'en'): string {
  return `${checks
    .map((c) => {
      const detail = lang === 'tr' && c.detail_tr ? c.detail_tr : c.detail;
      const rec = lang === 'tr' && c.recommendation_tr ? c.recommendation_tr : c.recommendation;
      return `  ${c.status.padEnd(4)} ${c.name.padEnd(28)} ${detail}${rec ? `\n       → ${rec}` : ''}`;
    })
    .join('\n')}\n`;
}

export function registerMikro(program: Command): void {
  const mikro = program.command('mikro').description('Mikro ERP on SQL Server, read-only (P1)');
  withCommonOptions(mikro.command('test'))
    .description('test the saved connection (SELECT 1) — exit 0 connected, 1 not')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.test', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          process.stdout.write(`${r.success ? 'OK' : 'FAILED'}: ${r.message_en}${r.success ? ` (${r.latency_ms.toFixed(1)} ms, ${r.server_version ?? 'version unknown'}, encryption ${r.encryption})` : ''}\n`);
          if (r.hint_en) process.stdout.write(`  hint: ${r.hint_en}\n`);
        }
        return r.success ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(mikro.command('health'))
    .description('Mikro health as GET /api/v1/mikro/health answers it — exit 0 ok, 1 error')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.health', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(r.status === 'ok' ? `ok (${r.latency_ms.toFixed(1)} ms)\n` : `error ${r.code}: ${r.detail}\n`);
        return r.status === 'ok' ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(mikro.command('push-check'))
    .description('prove that every write-back (push) is refused with E_MIKRO_READ_ONLY — exit 0 PASS, 1 FAIL')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const c = await core.invoke('mikro.pushCheck', {}, core.context('cli'));
        if (opts.json) printJson(c);
        else process.stdout.write(formatChecks([c]));
        return c.status === 'FAIL' ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(mikro.command('verify'))
    .description('read-only verification (flag, login rights, ApplicationIntent, encryption, tables, push guard) — exit 1 on any FAIL')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const checks = await core.invoke('mikro.verify', {}, core.context('cli'));
        if (opts.json) printJson(checks);
        else process.stdout.write(formatChecks(checks));
        return checks.some((c) => c.status === 'FAIL') ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(mikro.command('query'))
    .description('run one read-only SELECT through the statement guard (audited); writes are refused before anything is sent')
    .requiredOption('--sql <select>', 'the SELECT (or WITH … SELECT) statement')
    .option('--max-rows <n>', 'rows to return at most (default 200)', positiveInt, 200)
    .option('--csv', 'print CSV (UTF-8 with BOM) instead of a table')
    .option('--output <file>', 'write the result to a file')
    .action(async (opts: CommonOptions & { sql: string; maxRows: number; csv?: boolean; output?: string }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.query', { sql: opts.sql, max_rows: opts.maxRows }, core.context('cli'));
        const text = opts.json
          ? `${JSON.stringify(r, null, 2)}\n`
          : opts.csv
            ? toCsv(r.columns, r.rows)
            : `${[r.columns.map((c) => c.name).join('\t'), ...r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join('\t'))].join('\n')}\n(${r.row_count} rows${r.truncated ? `, truncated at ${opts.maxRows}` : ''}, ${r.duration_ms.toFixed(1)} ms)\n`;
        if (opts.output) fs.writeFileSync(opts.output, text, 'utf8');
        else process.stdout.write(text);
        return EXIT.OK;
      }),
    );
}
