/**
 * Mikro checks (runbook §4, §9.3–9.5): the config, the read-only verification (one short-lived
 * connection answering six checks) and the push guard (the write-back path run end to end, see
 * mikro/push-check.ts). States:
 *  - `"enabled": false` in mikro_connection.json: every Mikro check is SKIP naming that setting,
 *    and nothing is contacted (no client is even made);
 *  - not configured: `mikro_config` WARNs ("kurun veya kapatın"), the server checks are SKIP;
 *  - invalid file: `mikro_config` FAILs, the checks that need it are SKIP naming it.
 * The verification runs on its own client (one connection), closed when it ends or when its
 * timeout aborts it, so a hung SQL Server leaves no socket behind.
 */
import { msg } from '../../../../shared/messages.js';
import { checkTlsSettings, MIKRO_DISABLED_SETTING, skippedBecause, skippedDisabled, skippedNotConfigured, type MikroCheckName } from '../../mikro/checks.js';
import { effectiveMikroSettings, isConfigured, MIKRO_CONFIG_FILE, type EffectiveMikroSettings } from '../../mikro/mikro-config.js';
import { createMikroClient } from '../../mikro/client-factory.js';
import { mikroTarget, passwordFromRef } from '../../mikro/mikro-context.js';
import { pushGuardProbe } from '../../mikro/push-check.js';
import { schemaContract } from '../../mikro/schema-contract.js';
import { checkReadOnlyFlag, MIKRO_SERVER_CHECKS, verifyMikroReadOnly } from '../../mikro/read-only-verification.js';
import type { DiagnosticsContext } from '../context.js';
import { DEFAULT_CHECK_TIMEOUT_MS, passed, problem, type CheckDefinition, type CheckGroupDefinition, type CheckOutcome, type CheckUnit, type NamedOutcome } from '../registry.js';
import { integrationOutcome } from './integration.js';

/** What verifyMikroReadOnly reports, in its order. */
export const MIKRO_VERIFY_NAMES = ['mikro_read_only', 'mikro_connection', ...MIKRO_SERVER_CHECKS] as const satisfies readonly MikroCheckName[];

export { MIKRO_DISABLED_SETTING };

type MikroState =
  | { kind: 'invalid'; paths: string[]; technical: string; problem?: CheckOutcome['detail'] | undefined }
  | { kind: 'disabled' }
  | { kind: 'not_configured'; eff: EffectiveMikroSettings }
  | { kind: 'configured'; eff: EffectiveMikroSettings };

function loadMikro(ctx: DiagnosticsContext): MikroState {
  const report = ctx.config.checkFile(MIKRO_CONFIG_FILE);
  if (!report.valid) {
    const technical = [report.message, ...report.errors.map((e) => `${e.path || '(file)'}: ${typeof e.message === 'string' ? e.message : e.message.key}`)].filter(Boolean).join('; ');
    return { kind: 'invalid', paths: report.errors.map((e) => e.path || MIKRO_CONFIG_FILE), technical, problem: report.problem };
  }
  try {
    const eff = effectiveMikroSettings(ctx.config.value(MIKRO_CONFIG_FILE, []) ?? null, ctx.env);
    if (!eff.enabled) return { kind: 'disabled' };
    return { kind: isConfigured(eff.settings) ? 'configured' : 'not_configured', eff };
  } catch (err) {
    return { kind: 'invalid', paths: [MIKRO_CONFIG_FILE], technical: err instanceof Error ? err.message : String(err) };
  }
}

export function mikroUnits(ctx: DiagnosticsContext): CheckUnit[] {
  // Read once per run: the three units agree on what the config said.
  let state: MikroState | undefined;
  const current = (): MikroState => (state ??= loadMikro(ctx));
  return [mikroConfigCheck(current), mikroVerifyGroup(ctx, current), mikroTlsSettings(ctx, current), mikroPushGuard(ctx, current)];
}

function mikroConfigCheck(current: () => MikroState): CheckDefinition {
  return {
    name: 'mikro_config',
    category: 'mikro',
    run: (): CheckOutcome => {
      const s = current();
      if (s.kind === 'disabled') return skippedDisabled();
      if (s.kind === 'invalid') {
        return problem('FAIL', s.problem ?? msg('mikro.checks.mikro_config.invalid', { file: MIKRO_CONFIG_FILE, fields: s.paths }), msg('mikro.checks.mikro_config.invalid_rec', { file: MIKRO_CONFIG_FILE }), {
          technical_detail: s.technical,
          observed: { fields: s.paths },
        });
      }
      const { settings, sources, warnings } = s.eff;
      const target = mikroTarget(settings);
      const observed = { configured: s.kind === 'configured', target, sources, warnings: warnings.map((w) => w.code) };
      if (s.kind === 'not_configured') return problem('WARN', msg('mikro.errors.not_configured.message'), msg('mikro.errors.not_configured.hint'), { observed });
      const envBad = warnings.find((w) => w.code === 'MIKRO_ENV_INVALID');
      if (envBad) return problem('WARN', msg('mikro.checks.mikro_config.env_invalid', { target, warning: envBad.message }), msg('mikro.checks.mikro_config.env_invalid_rec'), { observed });
      if (!settings.password_ref) {
        return problem('WARN', msg('mikro.checks.mikro_config.no_password', { target }), msg('mikro.checks.mikro_config.no_password_rec'), { observed });
      }
      return passed(
        msg('mikro.checks.mikro_config.ok', { target, source: msg(`mikro.sources.${sources.host}`), password_ref: settings.password_ref }),
        observed,
      );
    },
  };
}

const named = (name: string, o: CheckOutcome): NamedOutcome => ({ name, ...o, duration_ms: 0 });

function mikroVerifyGroup(ctx: DiagnosticsContext, current: () => MikroState): CheckGroupDefinition {
  const s = current();
  // Login + up to five queries, each bounded by the Mikro timeout: allow two of them plus slack.
  const mikroTimeout = s.kind === 'configured' ? s.eff.settings.timeout_seconds * 2_000 + 2_000 : 0;
  return {
    group: 'mikro_verification',
    category: 'mikro',
    names: MIKRO_VERIFY_NAMES,
    timeoutMs: Math.max(DEFAULT_CHECK_TIMEOUT_MS, mikroTimeout),
    run: async ({ signal }) => {
      const state = current();
      if (state.kind === 'disabled') return MIKRO_VERIFY_NAMES.map((n) => named(n, skippedDisabled()));
      if (state.kind === 'invalid') return MIKRO_VERIFY_NAMES.map((n) => named(n, skippedBecause('mikro_config')));
      if (state.kind === 'not_configured') {
        // The read-only flag is a config fact: it can be judged without a server.
        return [named('mikro_read_only', checkReadOnlyFlag(state.eff)), ...MIKRO_VERIFY_NAMES.slice(1).map((n) => named(n, skippedNotConfigured('mikro_config')))];
      }
      const { settings } = state.eff;
      const client = createMikroClient(settings, passwordFromRef(settings.password_ref, { env: ctx.env, store: ctx.secretStore }), { poolMax: 1 });
      const close = () => void client.close();
      signal.addEventListener('abort', close, { once: true });
      try {
        return (await verifyMikroReadOnly(client, state.eff, schemaContract(ctx.config.value(MIKRO_CONFIG_FILE, [])))).map((c) => integrationOutcome(c));
      } finally {
        signal.removeEventListener('abort', close);
        await client.close();
      }
    },
  };
}

/**
 * encrypt:false (password in clear: WARN, FAIL in production), blanket trust, old TLS allowed:
 * judged from the settings alone, so it runs whether or not the server answers (issue 12 §3).
 */
function mikroTlsSettings(ctx: DiagnosticsContext, current: () => MikroState): CheckDefinition {
  return {
    name: 'mikro_tls_settings',
    category: 'mikro',
    run: (): CheckOutcome => {
      const s = current();
      if (s.kind === 'disabled') return skippedDisabled();
      if (s.kind === 'invalid') return skippedBecause('mikro_config');
      if (s.kind === 'not_configured') return skippedNotConfigured('mikro_config');
      return checkTlsSettings(s.eff.settings, ctx.environment);
    },
  };
}

/**
 * runbook §9.4: a PUSH must come back E_MIKRO_READ_ONLY for every push kind, through the real
 * outbox and processor, with no connection towards Mikro. A probe: no audit rows, no outbox rows.
 * It needs no Mikro settings (the guard reads none), so an invalid or empty file does not stop it;
 * Mikro switched off does.
 */
function mikroPushGuard(ctx: DiagnosticsContext, current: () => MikroState): CheckDefinition {
  return {
    name: 'mikro_push_guard',
    category: 'mikro',
    // The probe enqueues into the outbox (and the guard records its refusal) inside a rolled-back transaction.
    needs: ['outbox', 'integration_errors'],
    run: async () => {
      if (current().kind === 'disabled') return skippedDisabled();
      return pushGuardProbe({ db: ctx.db, actor: `${ctx.actor} (diagnostics)` });
    },
  };
}
