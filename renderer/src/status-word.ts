/**
 * A status in words, for badges, legends and labels. Check statuses read as in the reports and
 * the CLI (common.status); health states as in the reports (common.health_state: one key for
 * the screens and the HTML/MD/PDF reports, so "Sağlıklı" is the same word everywhere); the
 * screen's own states (loading, setup, config_error) come from the UI catalogue.
 */
import { MESSAGE_NS } from '../../shared/i18n/translator.js';

const CHECK = new Set<string>(['PASS', 'WARN', 'FAIL', 'SKIP']);
const HEALTH = new Set<string>(['healthy', 'degraded', 'unhealthy', 'not_configured', 'disabled']);

type TFn = (key: string, options?: Record<string, unknown>) => string;

export function statusWord(t: TFn, status: string): string {
  if (CHECK.has(status)) return t(`common.status.${status}`, { ns: MESSAGE_NS });
  if (HEALTH.has(status)) return t(`common.health_state.${status}`, { ns: MESSAGE_NS });
  return t(`status.${status}`, { defaultValue: status });
}
