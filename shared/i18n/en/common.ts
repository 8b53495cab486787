import type { CatalogShape } from '../keys.js';
import type { common as tr } from '../tr/common.js';

export const common: CatalogShape<typeof tr> = {
  status: { PASS: 'PASS', WARN: 'WARN', FAIL: 'FAIL', SKIP: 'SKIPPED' },
  /** The one set of health-state words: the screens' badges and the reports (HTML/MD/PDF) use the same. */
  health_state: { healthy: 'Healthy', degraded: 'Degraded', unhealthy: 'Unhealthy', not_configured: 'Not set up', disabled: 'Switched off' },
  technical_detail: 'Technical detail',
  next_step: 'What to do',
  recommendation: 'Recommendation',
  steps: 'Steps',
  observed: 'Observed',
  yes: 'yes',
  no: 'no',
  none: 'none',
  unknown: 'unknown',
  skipped_because_check: 'Skipped because the “{{check}}” check failed.',
  skipped_disabled: 'Skipped because {{integration}} is switched off ("enabled": false).',
  not_checked: 'Not checked: {{reason}}',
  check_crashed: 'The check failed while running.',
  check_crashed_rec: 'Report the technical detail with this version to support.',
  check_timeout: 'The check did not finish within {{timeout, ms}}.',
  check_timeout_rec: 'Check that the service involved answers; raise the time with --timeout if needed.',
  see_detail: 'See the detail and the steps.',
  integrations: { mikro: 'Mikro', whatsapp: 'WhatsApp', backup: 'Backups' },
};
