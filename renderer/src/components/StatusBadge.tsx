import { useTranslation } from 'react-i18next';
import type { CheckStatus } from '../../../shared/checks.js';
import { statusWord } from '../status-word.js';

type HealthBadge = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured' | 'disabled' | 'loading' | 'setup' | 'config_error';
export type BadgeStatus = HealthBadge | CheckStatus;

const TONE: Record<BadgeStatus, string> = {
  healthy: 'ok',
  PASS: 'ok',
  degraded: 'warn',
  WARN: 'warn',
  unhealthy: 'bad',
  FAIL: 'bad',
  not_configured: 'muted',
  disabled: 'muted',
  SKIP: 'muted',
  loading: 'muted',
  setup: 'warn',
  config_error: 'bad',
};

/** A status in words and colour. */
export function StatusBadge({ status, testId, title }: { status: BadgeStatus; testId?: string; title?: string }) {
  const { t } = useTranslation();
  const tone = TONE[status] ?? 'muted';
  const text = statusWord(t as unknown as Parameters<typeof statusWord>[0], status);
  return (
    <span className={`badge badge-${tone}`} data-status={status} data-testid={testId} title={title}>
      {text}
    </span>
  );
}
