import { useTranslation } from 'react-i18next';
import type { IntegrationCheck } from '../../../shared/mikro.js';
import { StatusBadge } from './StatusBadge.js';

/** PASS/WARN/FAIL checks with what to do, in the user's language. */
export function CheckList({ checks, testId }: { checks: IntegrationCheck[]; testId?: string }) {
  const { i18n } = useTranslation();
  const tr = i18n.language === 'tr';
  return (
    <table className="grid" data-testid={testId}>
      <tbody>
        {checks.map((c) => (
          <tr key={c.name} data-testid={`check-${c.name}`} data-status={c.status}>
            <td>
              <StatusBadge status={c.status} />
            </td>
            <td>
              <strong>{c.name}</strong>
              <div>{tr && c.detail_tr ? c.detail_tr : c.detail}</div>
              {c.recommendation && <div className="muted">→ {tr && c.recommendation_tr ? c.recommendation_tr : c.recommendation}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
