import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import type { ConsoleState } from '../health-state.js';
import { ErrorText } from './ErrorText.js';
import { Msg } from './Msg.js';
import { TechnicalDetail } from './TechnicalDetail.js';

const DB_DOWN_STEPS = ['playbook.db_down.1', 'playbook.db_down.2', 'playbook.db_down.3'] as MessageKey[];

/**
 * The console's own trouble, on every page above its content: the app database unreachable
 * (with the runbook's steps), the keychain missing (in Windows words, with the ENV: way out),
 * configuration files that do not parse (file, line, column). The page below keeps what it showed.
 */
export function HealthBanner({ state }: { state: ConsoleState }) {
  const { t } = useTranslation();
  const db = state.health?.components.database;
  return (
    <div className="banners" aria-live="polite">
      {/* The server refused this window's token: the session's problem, in the error's own words (errors.E_UNAUTHORIZED). */}
      {state.accessRefused && <ErrorText error={state.accessRefused} testId="banner-access-refused" />}
      {state.dbDown && (
        <div className="alert banner" role="alert" data-testid="banner-db-down">
          <strong className="banner-title">{t('banner.dbDownTitle')}</strong>
          {db?.message && (
            <div>
              <Msg m={db.message} />
            </div>
          )}
          <div>{t('banner.steps')}:</div>
          <ol>
            {DB_DOWN_STEPS.map((key) => (
              <li key={key}>
                <Msg m={{ key }} />
              </li>
            ))}
          </ol>
          <div>{t('banner.dbDownKeep')}</div>
          <TechnicalDetail text={db?.technical_detail ?? state.healthError?.message} />
        </div>
      )}
      {state.keychainMissing && (
        <div className="notice banner" role="status" data-testid="banner-keychain">
          <strong className="banner-title">{t('banner.keychainTitle')}</strong>
          <div>{t('banner.keychainBody')}</div>
          {state.config?.keychain.problem && (
            <div>
              <Msg m={state.config.keychain.problem} />
            </div>
          )}
          <a className="button-link" href="#/settings">
            {t('banner.goSettings')}
          </a>
          <TechnicalDetail text={state.config?.keychain.error} />
        </div>
      )}
      {state.brokenFiles.length > 0 && (
        <div className="alert banner" role="alert" data-testid="banner-config">
          <strong className="banner-title">{t('banner.configTitle')}</strong>
          <div>{t('banner.configBody')}</div>
          <ul>
            {state.brokenFiles.map((f) => (
              <li key={f.name} data-testid={`banner-config-${f.name}`}>
                {f.problem ? <Msg m={f.problem} /> : <code>{f.name}</code>}
              </li>
            ))}
          </ul>
          <a className="button-link" href="#/settings">
            {t('banner.goSettings')}
          </a>
          <TechnicalDetail text={state.brokenFiles.map((f) => f.message)} />
        </div>
      )}
    </div>
  );
}
