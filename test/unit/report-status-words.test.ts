/**
 * The reports (HTML / Markdown, and the PDF printed from the HTML) say the health state with the
 * same words as the screens (issue 11): "Sağlıklı" on the Overview badge and in the report, never
 * a lower-case "sağlıklı" of its own. Both read one catalogue key, common.health_state; the
 * renderer's statusWord is run on an i18next instance set up as the renderer's.
 */
import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../shared/diagnostics.js';
import type { HealthReport } from '../../shared/health.js';
import { ui as enUi } from '../../shared/i18n/en/ui.js';
import { ui as trUi } from '../../shared/i18n/tr/ui.js';
import { addFormatters, MESSAGE_NS, MESSAGE_RESOURCES, translator } from '../../shared/i18n/translator.js';
import { renderReport } from '../../main/core/diagnostics/index.js';
import { healthRows } from '../../main/core/diagnostics/render-text.js';
import { statusWord } from '../../renderer/src/status-word.js';

let inst: i18n;
/** The instance's t, as the renderer's components call it. */
const screenT = (key: string, options?: Record<string, unknown>) => inst.t(key, options as never) as unknown as string;
beforeAll(async () => {
  inst = i18next.createInstance();
  await inst.init({
    lng: 'tr',
    resources: { tr: { translation: trUi, [MESSAGE_NS]: MESSAGE_RESOURCES.tr[MESSAGE_NS] }, en: { translation: enUi, [MESSAGE_NS]: MESSAGE_RESOURCES.en[MESSAGE_NS] } },
    ns: ['translation', MESSAGE_NS],
    defaultNS: 'translation',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<typeof inst.init>[0]);
  addFormatters(inst);
});

const STATES = ['healthy', 'degraded', 'unhealthy', 'not_configured', 'disabled'] as const;

function reportWith(overall: 'healthy' | 'degraded' | 'unhealthy', other: (typeof STATES)[number]): DiagnosticsReport {
  const health: HealthReport = {
    status: overall,
    overall,
    database: 'healthy',
    timestamp: '2026-02-18T10:00:00.000Z',
    version: '0.1.0',
    service: 'optiplan360',
    components: {
      database: { status: 'healthy', engine: 'sqlite', target: 'app.db', latency_ms: 1 },
      mikro: { status: other },
      whatsapp: { status: 'disabled' },
      backup: { status: 'not_configured' },
    },
  };
  return {
    status: 'PASS',
    timestamp: '2026-02-18T10:00:00.000Z',
    version: '0.1.0',
    machine: { hostname: 'atolye-pc', platform: 'win32', os_release: '10.0.19045', user: 'operator', node: 'v20.19.0' },
    environment: 'production',
    duration_ms: 1234,
    checks: [],
    health_snapshot: health,
  };
}

describe('health states: one set of words for the screens and the reports', () => {
  for (const lang of ['tr', 'en'] as const) {
    it(`${lang}: each state reads the same in the report as on the badge`, async () => {
      await inst.changeLanguage(lang);
      const t = translator(lang);
      for (const state of STATES) {
        const word = statusWord(screenT, state);
        const rows = healthRows(reportWith('degraded', state), t)!;
        const mikro = rows.rows.find(([label]) => label === t.text('report.components.mikro'))!;
        expect(mikro[1], state).toBe(word);
      }
      // The overall state in the report's heading, in HTML and Markdown, is the badge's word.
      for (const overall of ['healthy', 'degraded', 'unhealthy'] as const) {
        const word = statusWord(screenT, overall);
        const html = renderReport(reportWith(overall, 'healthy'), 'html', { lang });
        const md = renderReport(reportWith(overall, 'healthy'), 'md', { lang });
        expect(html).toContain(`${t.text('report.health')}: ${word}</h2>`);
        expect(md).toContain(`## ${t.text('report.health')}: ${word}`);
      }
    });
  }

  it('the Turkish words are capitalised as the Overview shows them ("Sağlıklı", not "sağlıklı")', async () => {
    await inst.changeLanguage('tr');
    expect(STATES.map((s) => statusWord(screenT, s))).toEqual(['Sağlıklı', 'Kısmen sağlıklı', 'Sağlıksız', 'Kurulmadı', 'Kapalı']);
    const md = renderReport(reportWith('healthy', 'healthy'), 'md', { lang: 'tr' });
    expect(md).toContain(': Sağlıklı');
    expect(md).not.toMatch(/(^|[\s:|(])sağlıklı(\s|$|\))/m);
  });

  it('check statuses too: the badge and the report say GEÇTİ / BAŞARISIZ from common.status', async () => {
    await inst.changeLanguage('tr');
    expect(statusWord(screenT, 'PASS')).toBe(translator('tr').text('common.status.PASS'));
    expect(statusWord(screenT, 'FAIL')).toBe('BAŞARISIZ');
    // The screen's own states stay in its catalogue.
    expect(statusWord(screenT, 'config_error')).toBe('Yapılandırma hatası');
  });
});
