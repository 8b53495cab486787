import { useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from './api.js';
import { LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { AuditPage } from './pages/AuditPage.js';
import { BackupsPage } from './pages/BackupsPage.js';
import { DatabasePage } from './pages/DatabasePage.js';
import { DiagnosticsPage } from './pages/DiagnosticsPage.js';
import { MikroPage } from './pages/MikroPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { WhatsappPage } from './pages/WhatsappPage.js';
import { HttpTransport } from './transport.js';

/** The sections of R-APP-4, in the order operators reach for them. */
export const SECTIONS = ['overview', 'database', 'mikro', 'whatsapp', 'backups', 'diagnostics', 'audit', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

const PAGES: Record<Section, ComponentType> = {
  overview: OverviewPage,
  database: DatabasePage,
  mikro: MikroPage,
  whatsapp: WhatsappPage,
  backups: BackupsPage,
  diagnostics: DiagnosticsPage,
  audit: AuditPage,
  settings: SettingsPage,
};

function SectionPage({ section }: { section: Section }) {
  const Page = PAGES[section];
  return <Page />;
}

function sectionFromHash(): Section {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(h) ? (h as Section) : 'overview';
}

export function App() {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const [section, setSection] = useState<Section>(sectionFromHash);

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = t('app.title');
  }, [t, i18n.language]);

  const switchLanguage = (lang: Language) => {
    void i18n.changeLanguage(lang);
    rememberLanguage(lang);
  };
  const readOnly = transport instanceof HttpTransport && !transport.hasToken;

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('app.title')}>
        <h1 className="brand">OptiPlan360</h1>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#/${s}`} className={s === section ? 'active' : ''} aria-current={s === section ? 'page' : undefined} data-testid={`nav-${s}`}>
                {t(`nav.${s}`)}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <label>
            {t('app.language')}{' '}
            <select value={i18n.language} onChange={(e) => switchLanguage(e.target.value as Language)} data-testid="language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {l === 'tr' ? 'Türkçe' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <p className="muted">{t(`app.connectedVia.${transport.kind}`)}</p>
        </div>
      </nav>
      <main className="content">
        {readOnly && <p className="notice">{t('app.readOnlySession')}</p>}
        <SectionPage section={section} />
      </main>
    </div>
  );
}
