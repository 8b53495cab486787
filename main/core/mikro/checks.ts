/**
 * The Mikro checks use the one check shape (shared/checks.ts), built with the shared builders
 * (main/core/checks/check-builders.ts): titles `mikro.checks.<name>.title`, SKIP for checks that
 * depend on a failed one or on Mikro being switched off.
 */
import type { Check } from '../../../shared/checks.js';
import { msg } from '../../../shared/messages.js';
import { passed, problem, skipped, type CheckOutcome } from '../checks/check-builders.js';
import type { Environment } from '../environment.js';
import type { MikroSettings } from './mikro-config.js';

export type { CheckStatus } from '../../../shared/checks.js';
export type MikroCheck = Check;

/** Every Mikro check name, in report order (diagnostics and `mikro verify`). */
export const MIKRO_CHECK_NAMES = [
  'mikro_config',
  'mikro_read_only',
  'mikro_connection',
  'mikro_login_permissions',
  'mikro_least_privilege',
  'mikro_application_intent',
  'mikro_encryption',
  'mikro_tls_settings',
  'mikro_tables_readable',
  'mikro_schema_contract',
  'mikro_server',
  'mikro_push_guard',
] as const;
export type MikroCheckName = (typeof MIKRO_CHECK_NAMES)[number];

/** What `"enabled": false` in mikro_connection.json is named by in `skipped_because`. */
export const MIKRO_DISABLED_SETTING = 'mikro_connection.json enabled';

/** SKIP: Mikro is switched off here. */
export function skippedDisabled(): CheckOutcome {
  return skipped(msg('common.skipped_disabled', { integration: msg('common.integrations.mikro') }), MIKRO_DISABLED_SETTING);
}

/** SKIP: the check needs `check`, which failed. */
export function skippedBecause(check: MikroCheckName): CheckOutcome {
  return skipped(msg('common.skipped_because_check', { check: msg(`mikro.checks.${check}.title`) }), check);
}

/** SKIP: Mikro is not set up; `because` is the check that WARNs about it. */
export function skippedNotConfigured(because: MikroCheckName = 'mikro_config'): CheckOutcome {
  return skipped(msg('mikro.skipped.not_configured'), because);
}

/**
 * `mikro_tls_settings` (issue 12 §3): what the settings alone say about the transport, judged
 * before any server is asked. `encrypt: false` lets tedious send the SQL password in clear to a
 * server that does not encrypt (WARN in development, FAIL in production); blanket
 * `trust_server_certificate` (without a pin) is a WARN; `tls_min_version` below 1.2 is a WARN.
 * The worst finding decides the status; every finding is listed in `observed`.
 */
export function checkTlsSettings(
  s: Pick<MikroSettings, 'encrypt' | 'trust_server_certificate' | 'certificate_fingerprint' | 'tls_min_version'>,
  environment: Environment,
): CheckOutcome {
  const observed = { encrypt: s.encrypt, trust_server_certificate: s.trust_server_certificate, certificate_pinned: !!s.certificate_fingerprint, tls_min_version: s.tls_min_version, environment };
  if (!s.encrypt) {
    return problem(environment === 'production' ? 'FAIL' : 'WARN', msg('mikro.tls_settings.clear_password'), msg('mikro.tls_settings.clear_password_rec'), { observed });
  }
  if (s.tls_min_version !== '1.2') {
    return problem('WARN', msg('mikro.tls_settings.weak_tls', { min: s.tls_min_version }), msg('mikro.tls_settings.weak_tls_rec'), { observed });
  }
  if (s.trust_server_certificate && !s.certificate_fingerprint) {
    return problem('WARN', msg('mikro.tls_settings.trust_all'), msg('mikro.tls_settings.trust_all_rec'), { observed });
  }
  return passed(msg('mikro.tls_settings.ok', { min: s.tls_min_version, pinned: s.certificate_fingerprint ? msg('mikro.tls_settings.pinned') : '' }), observed);
}
