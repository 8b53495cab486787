import { lazy, Suspense, useEffect, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from './api.js';
import { StatusBadge } from './components/StatusBadge.js';
import { useConsoleState, useRecoverWhenHealthy } from './health-state.js';
import { LANGUAGES, switchLanguage, type Language } from './i18n/index.js';
import { HttpTransport } from './transport.js';

/** The sections of R-APP-4, in the order operators reach for them. */
export const SECTIONS = ['overview', 'database', 'mikro', 'whatsapp', 'backups', 'diagnostics', 'fleet', 'audit', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];

// The banners (database down, no keychain, broken config, refused token) show only when something
// is wrong: their code and the error texts it uses are not in the initial download; App fetches
// them right after the first paint, so they are at hand even if the console server goes away later.
const loadBanners = () => import('./components/HealthBanner.js').then((m) => ({ default: m.HealthBanner }));
const HealthBanner = lazy(loadBanners);

// Each page is its own chunk, fetched when first opened: the initial download is the shell only.
const PAGES: Record<Section, ComponentType> = {
  overview: lazy(() => import('./pages/OverviewPage.js').then((m) => ({ default: m.OverviewPage }))),
  database: lazy(() => import('./pages/DatabasePage.js').then((m) => ({ default: m.DatabasePage }))),
  mikro: lazy(() => import('./pages/MikroPage.js').then((m) => ({ default: m.MikroPage }))),
  whatsapp: lazy(() => import('./pages/WhatsappPage.js').then((m) => ({ default: m.WhatsappPage }))),
  backups: lazy(() => import('./pages/BackupsPage.js').then((m) => ({ default: m.BackupsPage }))),
  diagnostics: lazy(() => import('./pages/DiagnosticsPage.js').then((m) => ({ default: m.DiagnosticsPage }))),
  fleet: lazy(() => import('./pages/FleetPage.js').then((m) => ({ default: m.FleetPage }))),
  audit: lazy(() => import('./pages/AuditPage.js').then((m) => ({ default: m.AuditPage }))),
  settings: lazy(() => import('./pages/SettingsPage.js').then((m) => ({ default: m.SettingsPage }))),
};

function sectionFromHash(): Section {
  const h = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return (SECTIONS as readonly string[]).includes(h) ? (h as Section) : 'overview';
}

export function App() {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const [section, setSection] = useState<Section>(sectionFromHash);
  const [menuOpen, setMenuOpen] = useState(false);
  const state = useConsoleState();
  useRecoverWhenHealthy(state.dbDown);
  const main = useRef<HTMLElement>(null);
  // After the first paint: the banners' chunk, so a server that stops later still gets its banner.
  useEffect(() => void loadBanners().catch(() => undefined), []);

  useEffect(() => {
    const onHash = () => {
      setSection(sectionFromHash());
      setMenuOpen(false);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${t(`nav.${section}`)} · ${t('app.title')}`;
  }, [t, i18n.language, section]);
  // After moving to another section the focus goes to the page (screen readers read its heading);
  // not on the first load, where the skip link is the first stop.
  const firstSection = useRef(true);
  useEffect(() => {
    if (firstSection.current) {
      firstSection.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [section]);

  const readOnly = transport instanceof HttpTransport && !transport.hasToken;
  const Page = PAGES[section];

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        {t('a11y.skip')}
      </a>
      <nav className={`sidebar${menuOpen ? ' open' : ''}`} aria-label={t('app.title')}>
        <div className="brand-row">
          <h1 className="brand">OptiPlan360</h1>
          {state.health && <StatusBadge status={state.dbDown ? 'unhealthy' : state.health.status} testId="sidebar-status" />}
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="nav-list" onClick={() => setMenuOpen(!menuOpen)}>
            {t('a11y.menu')}
          </button>
        </div>
        <ul id="nav-list">
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
            <select value={i18n.language} onChange={(e) => void switchLanguage(e.target.value as Language)} data-testid="language">
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {l === 'tr' ? 'Türkçe' : 'English'}
                </option>
              ))}
            </select>
          </label>
          <p className="sidebar-muted">{t(`app.connectedVia.${transport.kind}`)}</p>
        </div>
      </nav>
      <main className="content" id="main" ref={main} tabIndex={-1}>
        {readOnly && <p className="notice">{t('app.readOnlySession')}</p>}
        {(state.dbDown || state.accessRefused || state.keychainMissing || state.brokenFiles.length > 0) && (
          <Suspense fallback={null}>
            <HealthBanner state={state} />
          </Suspense>
        )}
        <Suspense fallback={<StatusBadge status="loading" />}>
          <Page />
        </Suspense>
      </main>
    </div>
  );
}
