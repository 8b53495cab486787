/**
 * The Mikro checks use the one check shape (shared/checks.ts), built with the shared builders
 * (main/core/checks/check-builders.ts): titles `mikro.checks.<name>.title`, SKIP for checks that
 * depend on a failed one or on Mikro being switched off.
 */
import type { Check } from '../../../shared/checks.js';
import { msg } from '../../../shared/messages.js';
import { skipped, type CheckOutcome } from '../checks/check-builders.js';

export type { CheckStatus } from '../../../shared/checks.js';
export type MikroCheck = Check;

/** Every Mikro check name, in report order (diagnostics and `mikro verify`). */
export const MIKRO_CHECK_NAMES = [
  'mikro_config',
  'mikro_read_only',
  'mikro_connection',
  'mikro_login_permissions',
  'mikro_application_intent',
  'mikro_encryption',
  'mikro_tables_readable',
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
