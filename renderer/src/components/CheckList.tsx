import { useTranslation } from 'react-i18next';
import type { Check } from '../../../shared/checks.js';
import { useFormat } from '../i18n/format.js';
import { useMsg } from '../i18n/messages.js';
import { StatusBadge } from './StatusBadge.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/**
 * Checks in the one shape (shared/checks.ts), in the user's language: the title as the headline,
 * the status (SKIP in a neutral colour, with what it depends on), what was found, what to do,
 * the playbook steps and, behind a toggle, the technical detail. Used by every page with checks.
 */
export function CheckList({ checks, testId }: { checks: readonly Check[]; testId?: string }) {
  return (
    <table className="grid checks" data-testid={testId}>
      <tbody>
        {checks.map((c) => (
          <CheckRow key={c.name} check={c} peers={checks} />
        ))}
      </tbody>
    </table>
  );
}

/** One check as a table row; `peers` lets a SKIP name the check it depends on by its title. */
export function CheckRow({ check: c, peers = [] }: { check: Check; peers?: readonly Check[] }) {
  const { t } = useTranslation();
  const m = useMsg();
  const f = useFormat();
  const dependsOn = c.status === 'SKIP' && c.skipped_because ? peers.find((p) => p.name === c.skipped_because) : undefined;
  const dependsOnText = dependsOn ? m(dependsOn.title) : c.skipped_because;
  return (
    <tr data-testid={`check-${c.name}`} data-status={c.status}>
      <td>
        <StatusBadge status={c.status} title={c.status === 'SKIP' ? m(c.detail) : undefined} />
      </td>
      <td>
        <div className="check-head">
          <strong data-testid="check-title">{m(c.title)}</strong>{' '}
          <span className="muted check-meta">
            <code>{c.name}</code> · {f.duration(c.duration_ms)}
          </span>
        </div>
        <div data-testid="check-detail">{m(c.detail)}</div>
        {c.status === 'SKIP' && dependsOnText && <div className="muted">{t('checks.dependsOn', { check: dependsOnText })}</div>}
        {c.recommendation && <div className="recommendation">→ {m(c.recommendation)}</div>}
        {c.steps.length > 0 && (
          <details>
            <summary>{t('checks.steps')}</summary>
            <ol>
              {c.steps.map((s, i) => (
                <li key={i}>{m(s)}</li>
              ))}
            </ol>
          </details>
        )}
        <TechnicalDetail text={c.technical_detail} />
      </td>
    </tr>
  );
}
