import { useTranslation } from 'react-i18next';

export type BadgeStatus = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured' | 'PASS' | 'WARN' | 'FAIL' | 'loading';

const TONE: Record<BadgeStatus, string> = {
  healthy: 'ok',
  PASS: 'ok',
  degraded: 'warn',
  WARN: 'warn',
  unhealthy: 'bad',
  FAIL: 'bad',
  not_configured: 'muted',
  loading: 'muted',
};

export function StatusBadge({ status, testId }: { status: BadgeStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TONE[status]}`} data-status={status} data-testid={testId}>
      {t(`status.${status}`)}
    </span>
  );
}
