import type { Command } from 'commander';
import type { HealthReport, OtherComponent } from '../../../shared/health.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h } from '../help.js';

export function registerHealth(program: Command): void {
  withCommonOptions(program.command('health'))
    .description(h('cli.help.health.description'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const report = await core.invoke('health.get', {}, core.context('cli'));
        if (opts.json) printJson(report);
        else process.stdout.write(formatHealth(report, cliT()));
        return report.status === 'unhealthy' ? EXIT.FAILURE : EXIT.OK;
      }),
    );
}

/**
 * The report for people, every text from the catalogue in `t`'s language: statuses, latency
 * (tr "0,4 ms"), the time in local time with its zone; technical detail on its own line.
 */
export function formatHealth(r: HealthReport, t: Translator): string {
  const db = r.components.database;
  const lines = [t.text('health.cli.header', { version: r.version, status: t.text(`health.status.${r.status}`), at: r.timestamp })];
  const parts = [t.text('health.cli.database', { status: t.text(`health.status.${db.status}`), target: db.target })];
  if (db.latency_ms !== null) parts.push(t.text('health.cli.latency', { latency: db.latency_ms }));
  if (db.migrations) {
    const current = db.migrations.current ?? t.text('health.cli.empty');
    parts.push(
      db.migrations.pending > 0
        ? t.text('health.cli.schema_pending', { current, head: db.migrations.head, count: db.migrations.pending })
        : t.text('health.cli.schema', { current, head: db.migrations.head }),
    );
  }
  lines.push(`  ${parts.join('  ')}`);
  if (db.message) lines.push(`      ${t.t(db.message)}`);
  if (db.technical_detail) lines.push(`      ${t.text('health.cli.technical', { detail: db.technical_detail })}`);
  for (const name of ['mikro', 'whatsapp', 'backup'] as const) {
    const c: OtherComponent = r.components[name];
    const head = t.text('health.cli.component', { component: t.text(`health.components.${name}`), status: t.text(`health.status.${c.status}`) });
    const latency = typeof c.latency_ms === 'number' ? `  ${t.text('health.cli.latency', { latency: c.latency_ms })}` : '';
    lines.push(`  ${head}${latency}${c.message ? `  ${t.t(c.message)}` : ''}`);
    if (c.technical_detail) lines.push(`      ${t.text('health.cli.technical', { detail: c.technical_detail })}`);
  }
  if (r.logs) {
    lines.push(`  ${t.t(r.logs.message)}`);
    if (r.logs.dropped > 0) lines.push(`      ${t.text('system.logs.dropped', { count: r.logs.dropped })}`);
    if (r.logs.technical_detail) lines.push(`      ${t.text('health.cli.technical', { detail: r.logs.technical_detail })}`);
  }
  return `${lines.join('\n')}\n`;
}
