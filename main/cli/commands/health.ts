import type { Command } from 'commander';
import type { HealthReport, OtherComponent } from '../../../shared/health.js';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

export function registerHealth(program: Command): void {
  withCommonOptions(program.command('health'))
    .description('check the database and integrations now; exit 0 healthy/degraded, 1 unhealthy')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const report = await core.invoke('health.get', {}, core.context('cli'));
        if (opts.json) printJson(report);
        else process.stdout.write(formatHealth(report));
        return report.status === 'unhealthy' ? EXIT.FAILURE : EXIT.OK;
      }),
    );
}

export function formatHealth(r: HealthReport): string {
  const db = r.components.database;
  const lines = [`OptiPlan360 ${r.version} — ${r.status.toUpperCase()} (${r.timestamp})`];
  const schema = db.migrations ? `  schema ${db.migrations.current ?? 'empty'} / head ${db.migrations.head}` : '';
  const latency = db.latency_ms === null ? '' : `  ${db.latency_ms.toFixed(1)} ms`;
  lines.push(`  database  ${db.status.padEnd(14)}${db.target}${latency}${schema}`);
  if (db.error) lines.push(`            ${db.error}`);
  for (const name of ['mikro', 'whatsapp', 'backup'] as const) {
    const c: OtherComponent = r.components[name];
    lines.push(`  ${name.padEnd(9)} ${c.status.replace('_', ' ')}${c.detail ? `  ${c.detail}` : ''}${c.error ? `  ${c.error}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
