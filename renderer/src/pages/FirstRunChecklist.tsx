import { useTranslation } from 'react-i18next';
import { useOp } from '../api.js';
import type { ConsoleState } from '../health-state.js';

type ItemState = 'done' | 'todo' | 'problem';
export interface FirstRunItem {
  id: 'mikro' | 'whatsapp' | 'backup' | 'keychain';
  state: ItemState;
  page: 'mikro' | 'whatsapp' | 'backups' | 'settings';
  /** WhatsApp switched off: the step is not needed. */
  off?: boolean;
}

/**
 * A bare install is not "healthy": the four things a new installation needs (Mikro connection,
 * WhatsApp, a first backup, the keychain), each with its state, read from the health report,
 * the backup history and the config check.
 */
export function useFirstRun(state: ConsoleState): { items: FirstRunItem[]; complete: boolean } {
  const h = state.health?.components;
  // The backup history needs the schema at head (a fresh database has no backup_runs table yet).
  const atHead = h?.database.status === 'healthy' && (h.database.migrations?.pending ?? 0) === 0;
  const backups = useOp('backup.list', { limit: 1 }, { enabled: atHead });
  const fromComponent = (s: string | undefined): ItemState => (s === 'healthy' ? 'done' : s === 'not_configured' || s === undefined ? 'todo' : 'problem');
  const items: FirstRunItem[] = [
    { id: 'mikro', state: fromComponent(h?.mikro.status), page: 'mikro' },
    h?.whatsapp.status === 'disabled'
      ? { id: 'whatsapp', state: 'done', page: 'whatsapp', off: true }
      : { id: 'whatsapp', state: fromComponent(h?.whatsapp.status), page: 'whatsapp' },
    { id: 'backup', state: atHead && backups.data ? (backups.data.some((b) => b.status === 'success') ? 'done' : backups.data.length ? 'problem' : 'todo') : 'todo', page: 'backups' },
    { id: 'keychain', state: state.config ? (state.config.keychain.available ? 'done' : 'problem') : 'todo', page: 'settings' },
  ];
  return { items, complete: items.every((i) => i.state === 'done') };
}

export function FirstRunChecklist({ items }: { items: FirstRunItem[] }) {
  const { t } = useTranslation();
  return (
    <div className="card first-run" data-testid="first-run">
      <h3>{t('firstRun.heading')}</h3>
      <p>{t('firstRun.intro')}</p>
      <ol className="checklist">
        {items.map((i) => (
          <li key={i.id} data-testid={`first-run-${i.id}`} data-state={i.state}>
            <span className={`badge badge-${i.state === 'done' ? 'ok' : i.state === 'problem' ? 'bad' : 'warn'}`}>{t(`firstRun.${i.state}`)}</span>
            <span className="checklist-text">
              <strong>{t(`firstRun.items.${i.id}`)}</strong>
              <span>{i.off ? t('firstRun.hints.whatsappOff') : t(`firstRun.hints.${i.id}`)}</span>
            </span>
            {i.state !== 'done' && (
              <a className="button-link" href={`#/${i.page}`} data-testid={`first-run-open-${i.id}`}>
                {t(`next.open.${i.page}`)}
              </a>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
