/**
 * Adapters from the integration modules' checks (the one check shape, shared/checks.ts, that
 * Mikro, WhatsApp and backups return) to diagnostic checks: category, playbook steps on
 * WARN/FAIL when the module gave none, and the module's own timing when it measured one. A module
 * check that is not well formed becomes a FAIL saying so (registry.wellFormed), never a PASS.
 * A source's checks that read application tables are declared (`needs`) so that, before the
 * migrations ran, they are SKIP naming migrations_at_head instead of crashing on the table.
 */
import type { CheckCategory, DiagnosticCheck } from '../../../../shared/diagnostics.js';
import { BACKUP_CHECK_NEEDS } from '../../backup/backup-checks.js';
import type { IntegrationCheckLike, IntegrationCheckSource } from '../context.js';
import { toDiagnosticCheck, type CheckGroupDefinition, type NamedOutcome } from '../registry.js';

/** One module check → the outcome a group reports (its fields kept as they are, for the runner to judge). */
export function integrationOutcome(check: IntegrationCheckLike, category?: CheckCategory): NamedOutcome {
  const { name, status, detail, recommendation, steps, observed, technical_detail, skipped_because, duration_ms, title } = check;
  const o = { name, status, detail } as NamedOutcome;
  if (recommendation !== undefined) o.recommendation = recommendation;
  // An empty list leaves the playbook's default steps to the runner.
  if (Array.isArray(steps) && steps.length > 0) o.steps = steps;
  else if (steps !== undefined && !Array.isArray(steps)) o.steps = steps;
  if (observed !== undefined) o.observed = observed;
  if (technical_detail !== undefined) o.technical_detail = technical_detail;
  if (skipped_because !== undefined) o.skipped_because = skipped_because;
  if (typeof duration_ms === 'number') o.duration_ms = duration_ms;
  if (title !== undefined) o.title = title;
  const cat = category ?? check.category;
  if (cat) o.category = cat;
  return o;
}

/** For callers that already ran a module's check and want it in a report as it stands. */
export function fromIntegrationCheck(category: CheckCategory, check: IntegrationCheckLike): DiagnosticCheck {
  return toDiagnosticCheck(check.name, category, integrationOutcome(check, category), check.duration_ms ?? 0);
}

/**
 * The tables a module's checks read, by the module's category, for sources that do not say
 * (a source may carry its own `needs`): backup_recency and backup_verify read backup_runs.
 */
const MODULE_NEEDS: Readonly<Partial<Record<CheckCategory, NonNullable<CheckGroupDefinition['needs']>>>> = {
  backup: BACKUP_CHECK_NEEDS,
};

/** A source that declares the application tables its checks read (see CheckGroupDefinition.needs). */
export type SchemaAwareSource = IntegrationCheckSource & { needs?: CheckGroupDefinition['needs'] };

/** An integration module's source as a runner group (its names and tables declared, its timeout kept). */
export function sourceUnit(source: SchemaAwareSource): CheckGroupDefinition {
  const needs = source.needs ?? MODULE_NEEDS[source.category];
  return {
    group: `${source.category}_checks`,
    category: source.category,
    names: source.names,
    ...(source.timeoutMs ? { timeoutMs: source.timeoutMs } : {}),
    ...(needs ? { needs } : {}),
    run: async ({ signal }) => (await source.run(signal)).map((c) => (c && typeof c === 'object' ? integrationOutcome(c) : (c as unknown as NamedOutcome))),
  };
}
