/**
 * Adapters from the integration modules' check shape (Mikro's `MikroCheck`, the shared
 * `IntegrationCheck` that WhatsApp and backups return) to diagnostic checks: category, playbook
 * steps on WARN/FAIL, and the module's own timing when it measured one.
 */
import type { CheckCategory, DiagnosticCheck } from '../../../../shared/diagnostics.js';
import type { IntegrationCheckLike, IntegrationCheckSource } from '../context.js';
import { toDiagnosticCheck, type CheckGroupDefinition, type NamedOutcome } from '../registry.js';

/** One module check → the outcome a group reports. */
export function integrationOutcome(check: IntegrationCheckLike, category?: CheckCategory): NamedOutcome {
  const o: NamedOutcome = { name: check.name, status: check.status, detail: check.detail };
  if (check.detail_tr) o.detail_tr = check.detail_tr;
  if (check.recommendation !== undefined) o.recommendation = check.recommendation;
  if (check.recommendation_tr !== undefined) o.recommendation_tr = check.recommendation_tr;
  if (typeof check.duration_ms === 'number') o.duration_ms = check.duration_ms;
  if (check.data) o.data = check.data;
  if (category) o.category = category;
  return o;
}

/** For callers that already ran a module's check and want it in a report as it stands. */
export function fromIntegrationCheck(category: CheckCategory, check: IntegrationCheckLike): DiagnosticCheck {
  return toDiagnosticCheck(check.name, category, integrationOutcome(check), check.duration_ms ?? 0);
}

/** An integration module's source as a runner group (its names declared, its timeout kept). */
export function sourceUnit(source: IntegrationCheckSource): CheckGroupDefinition {
  return {
    group: `${source.category}_checks`,
    category: source.category,
    names: source.names,
    ...(source.timeoutMs ? { timeoutMs: source.timeoutMs } : {}),
    run: async ({ signal }) => (await source.run(signal)).map((c) => integrationOutcome(c)),
  };
}
