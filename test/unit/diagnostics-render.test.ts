// Pure parts of diagnostics: exit codes, overall status, rendering (self-contained, escaped,
// redacted, ONE language per report, tr-TR formatting), run comparison, the run-input schema,
// the playbook steps and the upgrade of runs stored by earlier versions.
import { describe, expect, it } from 'vitest';
import { DiagnosticsRunInputSchema, type CheckStatus, type DiagnosticCheck, type DiagnosticsReport, type FailOn } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { msg, type Message } from '../../shared/messages.js';
import { diffRuns, exitCodeFor, overallStatus, PLAYBOOK, renderReport, renderText, stepsFor, upgradeReport } from '../../main/core/diagnostics/index.js';
import { toDiagnosticCheck, wellFormed } from '../../main/core/diagnostics/registry.js';

const tr = translator('tr');
const en = translator('en');

/** A free text (tests only): the legacy message shows `tr` in Turkish and `en` in English. */
const text = (trText: string, enText = trText): Message => msg('report.legacy.text', { tr: trText, en: enText });

function check(name: string, status: CheckStatus, extra: Partial<DiagnosticCheck> = {}): DiagnosticCheck {
  const quiet = status === 'PASS' || status === 'SKIP';
  return {
    name,
    category: 'system',
    status,
    title: msg('system.checks.backend_health.title'),
    detail: text(`${name} ayrıntı`, `${name} detail`),
    recommendation: quiet ? null : text('şunu yapın', 'do the thing'),
    steps: quiet ? [] : [text('Adım bir', 'Step one')],
    duration_ms: 12,
    ...extra,
  };
}

function report(checks: DiagnosticCheck[]): DiagnosticsReport {
  return {
    status: overallStatus(checks),
    timestamp: '2026-02-18T10:00:00.000Z',
    version: '0.1.0',
    machine: { hostname: 'atolye-pc', platform: 'win32', os_release: '10.0.19045', user: 'operator', node: 'v20.19.0', app_data_dir: 'C:\\Users\\op\\AppData\\Roaming\\OptiPlan360' },
    environment: 'production',
    duration_ms: 1234,
    checks,
    health_snapshot: null,
  };
}

describe('exitCodeFor (run_integration_diagnostics.py compatible)', () => {
  const table: Array<[FailOn, CheckStatus, number]> = [
    ['none', 'PASS', 0],
    ['none', 'WARN', 0],
    ['none', 'FAIL', 0],
    ['warn', 'PASS', 0],
    ['warn', 'WARN', 2],
    ['warn', 'FAIL', 2],
    ['warn', 'SKIP', 0],
    ['fail', 'PASS', 0],
    ['fail', 'WARN', 0],
    ['fail', 'FAIL', 2],
  ];
  it.each(table)('--fail-on %s with %s → %i', (failOn, status, code) => {
    expect(exitCodeFor(status, failOn)).toBe(code);
  });
  it('defaults to --fail-on fail', () => {
    expect(exitCodeFor('WARN')).toBe(0);
    expect(exitCodeFor('FAIL')).toBe(2);
  });
});

describe('overallStatus', () => {
  it('any FAIL → FAIL, else any WARN → WARN, else PASS; SKIP counts as PASS', () => {
    expect(overallStatus([])).toBe('PASS');
    expect(overallStatus([check('a', 'PASS'), check('b', 'WARN')])).toBe('WARN');
    expect(overallStatus([check('a', 'WARN'), check('b', 'FAIL'), check('c', 'PASS')])).toBe('FAIL');
    expect(overallStatus([check('a', 'SKIP'), check('b', 'PASS')])).toBe('PASS');
  });
});

describe('outcomes from other modules', () => {
  it('a malformed outcome is a FAIL saying so, never a crash or a PASS', () => {
    for (const bad of [null, 42, {}, { status: 'OK', detail: msg('common.yes') }, { status: 'PASS', detail: 'plain text' }, { status: 'PASS', detail: msg('common.yes'), steps: ['x'] }]) {
      const c = toDiagnosticCheck('backend_health', 'system', bad, 1);
      expect(c.status, JSON.stringify(bad)).toBe('FAIL');
      expect(c.detail.key).toBe('system.outcome.malformed');
      expect(tr.t(c.detail)).toMatch(/geçersiz bir sonuç/);
      expect(en.t(c.detail)).toMatch(/invalid result/);
      expect(c.technical_detail).toBeTruthy();
    }
    expect(wellFormed({ status: 'SKIP', detail: msg('common.yes'), skipped_because: 'x' }).status).toBe('SKIP');
  });

  it('PASS and SKIP carry no recommendation or steps; WARN/FAIL get the playbook when they bring none', () => {
    const p = toDiagnosticCheck('database_engine', 'database', { status: 'PASS', detail: msg('common.yes'), recommendation: msg('common.no'), steps: [msg('common.no')] }, 1);
    expect(p).toMatchObject({ recommendation: null, steps: [] });
    const f = toDiagnosticCheck('database_engine', 'database', { status: 'FAIL', detail: msg('common.yes'), recommendation: msg('common.no') }, 1);
    expect(f.steps).toEqual(stepsFor('db_engine'));
    expect(f.title).toEqual({ key: 'database.checks.database_engine.title' });
  });
});

describe('HTML report', () => {
  const evil = report([
    check('xss', 'FAIL', { detail: text('<b>kalın</b>', '<script>alert("x")</script> & <img src=x onerror=alert(1)>'), technical_detail: 'ECONNREFUSED 127.0.0.1:5432 <raw>' }),
    check('ok', 'PASS'),
    check('off', 'SKIP', { detail: msg('common.skipped_disabled', { integration: msg('common.integrations.whatsapp') }), skipped_because: 'whatsapp.json enabled' }),
  ]);

  it('is self-contained: no scripts, no links, no external assets; inline style with print rules', () => {
    const html = renderReport(evil, 'html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<html lang="tr">');
    expect(html).not.toMatch(/<script/i);
    // Every real tag starts with '<' (report text is escaped), so no tag may carry src/href.
    expect(html).not.toMatch(/<[^>]*\s(src|href)\s*=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(renderReport(evil, 'html', { translator: en })).toContain('<html lang="en">');
  });

  it('escapes report text', () => {
    const html = renderReport(evil, 'html', { translator: en });
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(renderReport(evil, 'html', { translator: tr })).toContain('&lt;b&gt;kalın&lt;/b&gt;');
    expect(html).not.toContain('<b>kalın');
  });

  it('Turkish: one language only, tr-TR dates and durations, technical detail in its small line, SKIP with its reason', () => {
    const html = renderReport(evil, 'html', { translator: tr });
    expect(html).toMatch(/<header class="overall s-FAIL">[\s\S]*BAŞARISIZ/);
    for (const s of ['atolye-pc', '0.1.0', 'production', 'şunu yapın', 'Adım bir', 'Sistem', 'Backend sağlığı', 'GEÇTİ', 'ATLANDI', 'WhatsApp kapalı', 'Bağlı olduğu: whatsapp.json enabled', 'Teknik ayrıntı']) {
      expect(html, s).toContain(s);
    }
    expect(html).toContain('<p class="tech">Teknik ayrıntı: <code>ECONNREFUSED 127.0.0.1:5432 &lt;raw&gt;</code></p>');
    // The local time with its zone (dd.mm.yyyy hh:mm), and 1234 ms the Turkish way.
    expect(html).toMatch(/18\.02\.2026 \d\d:00 (UTC|GMT[+-]\d+)/);
    expect(html).not.toContain('2026-02-18T10:00:00.000Z');
    expect(html).toMatch(/1,2 sn/);
    // No second language alongside any more.
    for (const s of ['do the thing', 'Step one', 'Recommendation', 'Backend health', 'PASS (', 'Skipped']) expect(html, s).not.toContain(s);
  });

  it('English: the same report in English only', () => {
    const html = renderReport(evil, 'html', { translator: en });
    for (const s of ['do the thing', 'Step one', 'Recommendation', 'Backend health', 'System', 'Technical detail', 'Depends on: whatsapp.json enabled', 'WhatsApp is switched off']) expect(html, s).toContain(s);
    for (const s of ['şunu yapın', 'Adım bir', 'Öneri', 'Teknik ayrıntı', 'Sistem']) expect(html, s).not.toContain(s);
  });

  it('compact keeps its meaning: passing checks as one line each', () => {
    const full = renderReport(evil, 'html', { translator: tr });
    const compact = renderReport(evil, 'html', { translator: tr, compact: true });
    expect(full).toContain('id="check-ok"');
    expect(compact).not.toContain('id="check-ok"');
    expect(compact).toMatch(/<ul class="passed"><li>[^<]*<span class="badge s-PASS">GEÇTİ<\/span> Backend sağlığı <span class="name">ok<\/span> — ok ayrıntı<\/li><\/ul>/);
    expect(compact).toContain('id="check-xss"');
    expect(compact).toContain('id="check-off"');
  });
});

describe('Markdown, text and JSON', () => {
  it('Markdown escapes inline HTML and table pipes, in one language', () => {
    const r = report([check('m', 'WARN', { detail: text('Türkçe ayrıntı a|b', '<script>x</script> a|b') })]);
    const md = renderReport(r, 'md', { translator: en });
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toMatch(/^# OptiPlan360 Integration Diagnostics Report/);
    expect(md).not.toContain('Türkçe ayrıntı');
    const mdTr = renderReport(r, 'md');
    expect(mdTr).toMatch(/^# OptiPlan360 Entegrasyon Tanılama Raporu/);
    expect(mdTr).toContain('Türkçe ayrıntı');
    expect(mdTr).toContain('1. Adım bir');
    expect(mdTr).not.toContain('Step one');
  });

  it('JSON carries the texts in the chosen language; compact is one line', () => {
    const r = report([check('m', 'WARN')]);
    const j = JSON.parse(renderReport(r, 'json', { translator: tr }));
    expect(j).toMatchObject({ status: 'WARN', lang: 'tr', checks: [{ name: 'm', status: 'WARN', title: 'Backend sağlığı', detail: 'm ayrıntı', recommendation: 'şunu yapın', steps: ['Adım bir'] }] });
    expect(JSON.parse(renderReport(r, 'json', { translator: en })).checks[0]).toMatchObject({ title: 'Backend health', detail: 'm detail' });
    expect(renderReport(r, 'json', { compact: true }).trim().split('\n')).toHaveLength(1);
  });

  it('the CLI text: a tr-TR headline and one line per check (compact: problems only)', () => {
    const r = report([check('bad', 'FAIL'), check('fine', 'PASS')]);
    const out = renderText(r, tr);
    expect(out).toMatch(/^OptiPlan360 0\.1\.0 tanılama: BAŞARISIZ \(2 kontrol, 1,2 sn, 18\.02\.2026 \d\d:00 (UTC|GMT[+-]\d+)\)/);
    expect(out).toMatch(/BAŞARISIZ\s+Backend sağlığı \(bad\): bad ayrıntı/);
    expect(out).toContain('→ şunu yapın');
    expect(renderText(r, tr, true)).not.toContain('(fine)');
    expect(renderText(r, en)).toContain('OptiPlan360 0.1.0 diagnostics: FAIL (2 checks');
  });

  it('every format redacts secret-looking values and URL passwords, and known values passed in', () => {
    const r = report([check('s', 'FAIL', { detail: text('dsn postgres://app:hunter2-secret@db:5432/x and EAAB1234567890abcdefghijklmnopqrstuv'), observed: { password: 'lit-pw-123', other: 'known-value-9' } })]);
    for (const f of ['json', 'html', 'md'] as const) {
      for (const t of [tr, en]) {
        const out = renderReport(r, f, { knownSecrets: ['known-value-9'], translator: t });
        for (const s of ['hunter2-secret', 'lit-pw-123', 'known-value-9']) expect(out, `${s} in ${f}`).not.toContain(s);
      }
    }
  });
});

describe('runs stored by earlier versions', () => {
  it('upgrade on read: detail/detail_tr, recommendation(_tr), steps {tr,en} and data become messages and observed', () => {
    const old = {
      ...report([]),
      checks: [
        { name: 'database_engine', category: 'database', status: 'FAIL', detail: 'SQLite only for local/test: this is production.', detail_tr: 'SQLite yalnızca yerel/test içindir: bu ortam production.', recommendation: 'Use PostgreSQL.', recommendation_tr: 'PostgreSQL kullanın.', steps: { tr: ['Bir', 'İki'], en: ['One', 'Two'] }, data: { engine: 'sqlite' }, duration_ms: 3 },
        { name: 'audit_chain', category: 'audit', status: 'PASS', detail: 'Audit chain intact.', recommendation: null, duration_ms: 1 },
      ],
    } as unknown as DiagnosticsReport;
    const up = upgradeReport(old);
    const [engine, audit] = up.checks;
    expect(engine).toMatchObject({ status: 'FAIL', title: { key: 'database.checks.database_engine.title' }, observed: { engine: 'sqlite' } });
    expect(tr.t(engine!.detail)).toBe('SQLite yalnızca yerel/test içindir: bu ortam production.');
    expect(en.t(engine!.detail)).toBe('SQLite only for local/test: this is production.');
    expect(engine!.steps.map((s) => tr.t(s))).toEqual(['Bir', 'İki']);
    expect(engine!.steps.map((s) => en.t(s))).toEqual(['One', 'Two']);
    expect(tr.t(engine!.recommendation!)).toBe('PostgreSQL kullanın.');
    // An English-only old text shows in both languages rather than nothing.
    expect(tr.t(audit!.detail)).toBe('Audit chain intact.');
    expect(audit).toMatchObject({ recommendation: null, steps: [] });
    // It renders like a new run.
    expect(renderReport(up, 'html', { translator: tr })).toContain('PostgreSQL kullanın.');
    // A new check passes through unchanged.
    const fresh = check('x', 'WARN');
    expect(upgradeReport(report([fresh])).checks[0]).toEqual(fresh);
  });
});

describe('diffRuns', () => {
  it('reports new, removed and changed checks', () => {
    const a = report([check('x', 'PASS'), check('y', 'WARN'), check('gone', 'FAIL')]);
    const b = report([check('x', 'FAIL'), check('y', 'WARN'), check('fresh', 'PASS')]);
    const d = diffRuns(a, b);
    expect(d.status).toEqual({ before: 'FAIL', after: 'FAIL' });
    expect(d.changes).toEqual([
      { name: 'x', category: 'system', kind: 'changed', before: 'PASS', after: 'FAIL' },
      { name: 'fresh', category: 'system', kind: 'new', before: null, after: 'PASS' },
      { name: 'gone', category: 'system', kind: 'removed', before: 'FAIL', after: null },
    ]);
    expect(d.unchanged).toBe(1);
  });
});

describe('run input and playbook', () => {
  it('validates the run input', () => {
    expect(DiagnosticsRunInputSchema.parse({})).toEqual({});
    expect(DiagnosticsRunInputSchema.parse({ only: ['mikro', 'outbox_failed'], timeout_ms: 2000 })).toEqual({ only: ['mikro', 'outbox_failed'], timeout_ms: 2000 });
    expect(DiagnosticsRunInputSchema.safeParse({ timeout_ms: 5 }).success).toBe(false);
    expect(DiagnosticsRunInputSchema.safeParse({ only: [''] }).success).toBe(false);
  });

  it('steps are catalogue messages playbook.<kind>.<n>, in order, in Turkish with proper characters and in English', () => {
    expect(stepsFor('db_down')).toEqual([msg('playbook.db_down.1'), msg('playbook.db_down.2'), msg('playbook.db_down.3')]);
    expect(tr.t(PLAYBOOK.db_down[0]!)).toBe('/health ile veritabanı durumunu doğrulayın (optiplan360 health).');
    expect(en.t(PLAYBOOK.db_down[0]!)).toBe('Confirm the database state with /health (optiplan360 health).');
    expect(tr.t(PLAYBOOK.mikro_connection[0]!)).toMatch(/^SQL Server erişilebilir mi\?/);
    expect(tr.t(PLAYBOOK.whatsapp_send[0]!)).toMatch(/Token’ın geçerli/);
    expect(PLAYBOOK.migrations.map((s) => s.key)).toEqual(['playbook.migrations.1', 'playbook.migrations.2', 'playbook.migrations.3', 'playbook.migrations.4']);
    for (const [kind, steps] of Object.entries(PLAYBOOK)) {
      expect(steps.length, kind).toBeGreaterThan(0);
      for (const s of steps) {
        expect(tr.has(s.key) && en.has(s.key), s.key).toBe(true);
        expect(tr.t(s), s.key).not.toBe(en.t(s));
      }
    }
    const all = Object.values(PLAYBOOK).flatMap((s) => s.map((m) => tr.t(m))).join(' ');
    for (const ch of ['ş', 'ğ', 'ı', 'ö', 'ü', 'ç']) expect(all).toContain(ch);
    // The runbook's ASCII spellings and the old mixed terms are not carried over.
    expect(all).not.toMatch(/\b(dogrula|erisilebilir|baglanti|gecerliligi|ayaga)\b/);
    expect(all).not.toMatch(/anahtar zinciri|audit log/);
    // A copy: changing it does not change the table.
    stepsFor('db_down').pop();
    expect(PLAYBOOK.db_down).toHaveLength(3);
  });
});
