// Pure parts of diagnostics: exit codes, overall status, rendering (self-contained, escaped,
// redacted), run comparison, the run-input schema and the playbook texts.
import { describe, expect, it } from 'vitest';
import { DiagnosticsRunInputSchema, type CheckStatus, type DiagnosticCheck, type DiagnosticsReport, type FailOn } from '../../shared/diagnostics.js';
import { diffRuns, exitCodeFor, overallStatus, PLAYBOOK, renderReport } from '../../main/core/diagnostics/index.js';

function check(name: string, status: CheckStatus, extra: Partial<DiagnosticCheck> = {}): DiagnosticCheck {
  return {
    name,
    category: 'system',
    status,
    detail: `${name} detail`,
    recommendation: status === 'PASS' ? null : 'do the thing',
    ...(status === 'PASS' ? {} : { steps: { tr: ['Adım bir'], en: ['Step one'] }, recommendation_tr: 'şunu yapın' }),
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
  it('any FAIL → FAIL, else any WARN → WARN, else PASS', () => {
    expect(overallStatus([])).toBe('PASS');
    expect(overallStatus([check('a', 'PASS'), check('b', 'WARN')])).toBe('WARN');
    expect(overallStatus([check('a', 'WARN'), check('b', 'FAIL'), check('c', 'PASS')])).toBe('FAIL');
  });
});

describe('HTML report', () => {
  const evil = report([
    check('xss', 'FAIL', { detail: '<script>alert("x")</script> & <img src=x onerror=alert(1)>', detail_tr: '<b>kalın</b>' }),
    check('ok', 'PASS'),
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
    expect(renderReport(evil, 'html', { lang: 'en' })).toContain('<html lang="en">');
  });

  it('escapes report text', () => {
    const html = renderReport(evil, 'html', { lang: 'en' });
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;kalın&lt;/b&gt;');
    expect(html).not.toContain('<b>kalın');
  });

  it('shows the overall status prominently, machine, version, timestamp, detail, recommendation and steps in both languages', () => {
    const html = renderReport(evil, 'html');
    expect(html).toMatch(/<header class="overall s-FAIL">[\s\S]*FAIL \(HATA\)/);
    for (const s of ['atolye-pc', '0.1.0', '2026-02-18T10:00:00.000Z', 'production', 'şunu yapın', 'Adım bir', 'Step one', 'Sistem', '@media print']) expect(html).toContain(s);
    const compact = renderReport(evil, 'html', { compact: true });
    expect(compact).not.toContain('Step one');
    expect(compact).toContain('ok detail');
  });
});

describe('Markdown and JSON', () => {
  it('Markdown escapes inline HTML and table pipes; JSON round-trips and compact is one line', () => {
    const r = report([check('m', 'WARN', { detail: '<script>x</script> a|b', detail_tr: 'Türkçe ayrıntı' })]);
    const md = renderReport(r, 'md');
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).toContain('Türkçe ayrıntı');
    expect(md).toMatch(/^# OptiPlan360 Entegrasyon Tanılama Raporu/);
    expect(md).toContain('1. Adım bir');
    expect(JSON.parse(renderReport(r, 'json'))).toEqual(r);
    expect(renderReport(r, 'json', { compact: true }).trim().split('\n')).toHaveLength(1);
  });

  it('every format redacts secret-looking values and URL passwords, and known values passed in', () => {
    const r = report([check('s', 'FAIL', { detail: 'dsn postgres://app:hunter2-secret@db:5432/x and EAAB1234567890abcdefghijklmnopqrstuv', data: { password: 'lit-pw-123', other: 'known-value-9' } })]);
    for (const f of ['json', 'html', 'md'] as const) {
      const out = renderReport(r, f, { knownSecrets: ['known-value-9'] });
      for (const s of ['hunter2-secret', 'lit-pw-123', 'known-value-9']) expect(out, `${s} in ${f}`).not.toContain(s);
    }
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

  it('has the runbook §7 entries in Turkish with proper characters and in English', () => {
    expect(PLAYBOOK.db_down.tr).toHaveLength(3);
    expect(PLAYBOOK.mikro_connection.tr[0]).toMatch(/^SQL Server erişilebilir mi\?/);
    expect(PLAYBOOK.whatsapp_send.tr[0]).toMatch(/Token geçerliliğini/);
    for (const [kind, s] of Object.entries(PLAYBOOK)) {
      expect(s.tr.length, kind).toBe(s.en.length);
      expect(s.tr.length, kind).toBeGreaterThan(0);
    }
    const tr = Object.values(PLAYBOOK).flatMap((s) => s.tr).join(' ');
    for (const ch of ['ş', 'ğ', 'ı', 'ö', 'ü', 'ç']) expect(tr).toContain(ch);
    // The runbook's ASCII spellings are not carried over.
    expect(tr).not.toMatch(/\b(dogrula|erisilebilir|baglanti|gecerliligi|ayaga)\b/);
  });
});
