/**
 * Mikro checks (runbook §4, §9.3–9.5): the config, the read-only verification (one short-lived
 * connection answering six checks) and the push guard. "Not configured" is a WARN carrying the
 * setup steps, never a crash and never a silent PASS. The verification runs on its own client
 * (one connection), closed when it ends or when its timeout aborts it, so a hung SQL Server
 * leaves no socket behind.
 */
import { effectiveMikroSettings, isConfigured, MIKRO_CONFIG_FILE, type EffectiveMikroSettings } from '../../mikro/mikro-config.js';
import { MikroClient } from '../../mikro/mikro-connection.js';
import { mikroTarget, passwordFromRef } from '../../mikro/mikro-context.js';
import { MikroSyncService, pushCheck } from '../../mikro/push-guard.js';
import { checkReadOnlyFlag, verifyMikroReadOnly } from '../../mikro/read-only-verification.js';
import type { DiagnosticsContext } from '../context.js';
import { stepsFor } from '../playbook.js';
import { DEFAULT_CHECK_TIMEOUT_MS, pass, problem, type CheckDefinition, type CheckGroupDefinition, type CheckOutcome, type CheckUnit, type NamedOutcome } from '../registry.js';
import { integrationOutcome } from './integration.js';

/** What verifyMikroReadOnly reports, in its order. */
export const MIKRO_VERIFY_NAMES = ['mikro_read_only', 'mikro_connection', 'mikro_login_permissions', 'mikro_application_intent', 'mikro_encryption', 'mikro_tables_readable'] as const;

type MikroState =
  | { kind: 'invalid'; message: string }
  | { kind: 'not_configured'; eff: EffectiveMikroSettings }
  | { kind: 'configured'; eff: EffectiveMikroSettings };

function loadMikro(ctx: DiagnosticsContext): MikroState {
  const report = ctx.config.checkFile(MIKRO_CONFIG_FILE);
  if (!report.valid) {
    const where = report.errors.map((e) => `${e.path || '(file)'} ${e.message}`).join('; ');
    return { kind: 'invalid', message: where || report.message || 'invalid' };
  }
  try {
    const eff = effectiveMikroSettings(ctx.config.value(MIKRO_CONFIG_FILE, []) ?? null, ctx.env);
    return { kind: isConfigured(eff.settings) ? 'configured' : 'not_configured', eff };
  } catch (err) {
    return { kind: 'invalid', message: (err as Error)?.message ?? String(err) };
  }
}

const NOT_CONFIGURED = {
  en: 'Mikro is not configured: host and database are required.',
  tr: 'Mikro yapılandırılmamış: Host ve database zorunludur.',
  rec_en: 'Fill in host and database on the SQL Board (or in mikro_connection.json / MIKRO_SERVER, MIKRO_DATABASE) and store the password.',
  rec_tr: "SQL Board'da (veya mikro_connection.json / MIKRO_SERVER, MIKRO_DATABASE ile) host ve database alanlarını doldurun ve parolayı kaydedin.",
};

export function mikroUnits(ctx: DiagnosticsContext): CheckUnit[] {
  // Read once per run: the three units agree on what the config said.
  let state: MikroState | undefined;
  const current = (): MikroState => (state ??= loadMikro(ctx));
  return [mikroConfigCheck(current), mikroVerifyGroup(ctx, current), mikroPushGuard(ctx)];
}

function mikroConfigCheck(current: () => MikroState): CheckDefinition {
  return {
    name: 'mikro_config',
    category: 'mikro',
    run: (): CheckOutcome => {
      const s = current();
      if (s.kind === 'invalid') {
        return problem('FAIL', {
          en: `${MIKRO_CONFIG_FILE} is invalid: ${s.message}`,
          tr: `${MIKRO_CONFIG_FILE} geçersiz: ${s.message}`,
          rec_en: `Fix the named field(s) in ${MIKRO_CONFIG_FILE} (the password must be a VAULT:/ENV: reference).`,
          rec_tr: `${MIKRO_CONFIG_FILE} içindeki belirtilen alanları düzeltin (parola VAULT:/ENV: referansı olmalı).`,
        }, { steps: stepsFor('config_invalid') });
      }
      const { settings, sources, warnings } = s.eff;
      const data = { configured: s.kind === 'configured', target: mikroTarget(settings), sources, warnings: warnings.map((w) => w.code) };
      if (s.kind === 'not_configured') return problem('WARN', NOT_CONFIGURED, { data, steps: stepsFor('mikro_not_configured') });
      const envBad = warnings.filter((w) => w.code === 'MIKRO_ENV_INVALID');
      if (envBad.length > 0) {
        return problem('WARN', {
          en: `Mikro configured (${data.target}), but: ${envBad.map((w) => w.message_en).join('; ')}.`,
          tr: `Mikro yapılandırılmış (${data.target}), ancak: ${envBad.map((w) => w.message_tr).join('; ')}.`,
          rec_en: 'Correct the environment variable named.',
          rec_tr: 'Adı geçen ortam değişkenini düzeltin.',
        }, { data });
      }
      if (!settings.password_ref) {
        return problem('WARN', {
          en: `Mikro configured (${data.target}) without a password reference.`,
          tr: `Mikro yapılandırılmış (${data.target}) ancak parola referansı yok.`,
          rec_en: 'Store the password: optiplan360 secrets set mikro_sql_password, and set "password": "VAULT:mikro_sql_password" (or set MIKRO_PASSWORD).',
          rec_tr: 'Parolayı kaydedin: optiplan360 secrets set mikro_sql_password ve "password": "VAULT:mikro_sql_password" yapın (veya MIKRO_PASSWORD tanımlayın).',
        }, { data, steps: stepsFor('mikro_not_configured') });
      }
      return pass(`Mikro configured: ${data.target} (host from ${sources.host}, password ${settings.password_ref}).`, `Mikro yapılandırılmış: ${data.target} (host kaynağı ${sources.host}, parola ${settings.password_ref}).`, data);
    },
  };
}

function notChecked(name: string, why: { en: string; tr: string }, kind: 'mikro_not_configured' | 'config_invalid'): NamedOutcome {
  return {
    name,
    ...problem('WARN', { en: `Not checked: ${why.en}`, tr: `Kontrol edilemedi: ${why.tr}`, rec_en: NOT_CONFIGURED.rec_en, rec_tr: NOT_CONFIGURED.rec_tr }, { steps: stepsFor(kind) }),
    duration_ms: 0,
  };
}

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
      if (state.kind === 'invalid') {
        return MIKRO_VERIFY_NAMES.map((n) => notChecked(n, { en: `${MIKRO_CONFIG_FILE} is invalid.`, tr: `${MIKRO_CONFIG_FILE} geçersiz.` }, 'config_invalid'));
      }
      if (state.kind === 'not_configured') {
        // The read-only flag is a config fact: it can be judged without a server.
        const flag = integrationOutcome({ ...checkReadOnlyFlag(state.eff), duration_ms: 0 });
        return [flag, ...MIKRO_VERIFY_NAMES.slice(1).map((n) => notChecked(n, { en: NOT_CONFIGURED.en, tr: NOT_CONFIGURED.tr }, 'mikro_not_configured'))];
      }
      const { settings } = state.eff;
      const client = new MikroClient(settings, passwordFromRef(settings.password_ref, { env: ctx.env, store: ctx.secretStore }), { poolMax: 1 });
      const close = () => void client.close();
      signal.addEventListener('abort', close, { once: true });
      try {
        return (await verifyMikroReadOnly(client, state.eff)).map((c) => integrationOutcome(c));
      } finally {
        signal.removeEventListener('abort', close);
        await client.close();
      }
    },
  };
}

/** runbook §9.4: a PUSH attempt must come back E_MIKRO_READ_ONLY, for every push kind. */
function mikroPushGuard(ctx: DiagnosticsContext): CheckDefinition {
  return {
    name: 'mikro_push_guard',
    category: 'mikro',
    run: async () => {
      const sync = ctx.mikroSync ?? new MikroSyncService({ db: ctx.db, audit: ctx.audit });
      const c = await pushCheck(sync, { actor: `${ctx.actor} (diagnostics)`, audit: ctx.audit });
      return integrationOutcome(c);
    },
  };
}
