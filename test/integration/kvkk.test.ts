// Personal data (KVKK, issue 13): a phone number, an e-mail address, a VKN, a TCKN and a customer
// title planted in each sink — the log file, audit rows, a stored and rendered diagnostics report,
// and what the support bundle will export — are masked there by the one redaction function.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger } from '../../main/core/logging/logger.js';
import { renderReport, runDiagnostics, type IntegrationCheckSource } from '../../main/core/diagnostics/index.js';
import { redactForOutput } from '../../main/core/privacy/redact.js';
import { msg } from '../../shared/messages.js';
import { translator } from '../../shared/i18n/translator.js';
import { tempDir } from '../helpers/temp.js';
import { onCleanup, openDiag } from './diagnostics-helpers.js';

const PHONE = '0532 987 65 43';
const EMAIL = 'ayse.demir@musteri-firma.com.tr';
const VKN = '4540536920';
const TCKN = '10000000146';
const TITLE = 'DEMİR AHŞAP MOBİLYA SAN. VE TİC. LTD. ŞTİ.';
const PLANTED = [PHONE, '5329876543', EMAIL, VKN, TCKN, 'DEMİR AHŞAP'];

const sentence = `müşteri ${TITLE} (VKN ${VKN}), yetkili TCKN ${TCKN}, tel ${PHONE}, e-posta ${EMAIL}`;

/** Which planted values a text still holds (digits compared without separators too). */
function leaks(text: string): string[] {
  const digits = text.replace(/[\s()-]/g, '');
  return PLANTED.filter((p) => text.includes(p) || digits.includes(p.replace(/\s/g, '')));
}

describe('personal data is masked in every sink', () => {
  it('log lines (the logger hook), fields and message alike', async () => {
    const t = tempDir();
    onCleanup(() => t.remove());
    const logger = await createFileLogger({ logDir: t.dir, sync: true, level: 'debug' });
    logger.info({ to: '905329876543', customer: { cari_unvan1: TITLE }, email: EMAIL }, sentence);
    logger.flush();
    const text = fs.readdirSync(t.dir).filter((f) => f.endsWith('.log')).map((f) => fs.readFileSync(path.join(t.dir, f), 'utf8')).join('');
    expect(text).toContain('+90 532 *** ** 43');
    expect(leaks(text)).toEqual([]);
    // Still one JSON object per line.
    for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(JSON.parse(text.trim().split('\n').at(-1)!).customer).toEqual({ cari_unvan1: 'D***' });
  });

  it('audit rows: target, detail and values, before they are hashed', async () => {
    const { core } = await openDiag();
    await core.audit.record({ action: 'WHATSAPP_TEST_SENT', target: `to ${PHONE}`, result: 'success', actor: 'op@pc', detail: sentence, new_value: { cari_unvan1: TITLE, email: EMAIL, note: sentence } });
    const rows = await core.db.kysely.selectFrom('audit_log').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(leaks(text)).toEqual([]);
    expect(text).toContain('a***@***.com.tr');
    expect(text).toContain('LTD. ŞTİ.');
    expect(await core.audit.verify()).toMatchObject({ ok: true });
  });

  it('diagnostics reports: stored and rendered (json, md, html)', async () => {
    const { core } = await openDiag();
    const planted: IntegrationCheckSource = {
      category: 'whatsapp',
      names: ['whatsapp_planted'],
      run: async () => [{ name: 'whatsapp_planted', status: 'WARN', detail: msg('common.check_crashed', { error: sentence }), technical_detail: sentence, observed: { customer_title: TITLE, phone: PHONE } }],
    };
    const ctx = core.diagnostics.context('tester@host via cli', { integrations: [planted] });
    const report = await runDiagnostics(ctx, { only: ['whatsapp_planted'], store: true });
    const stored = await core.db.kysely.selectFrom('diagnostics_runs').select('report').where('id', '=', report.run_id!).executeTakeFirstOrThrow();
    const check = report.checks.find((c) => c.name === 'whatsapp_planted');
    expect(check?.technical_detail).toContain('+90 532 *** ** 43');
    expect(check?.observed).toMatchObject({ customer_title: 'D***' });
    expect(leaks(stored.report)).toEqual([]);
    expect(leaks(JSON.stringify(report))).toEqual([]);
    for (const format of ['json', 'md', 'html'] as const) expect(leaks(renderReport(report, format, { translator: translator('tr') })), format).toEqual([]);
  });

  it('the support bundle’s redaction (exported for issue 18): secrets and personal data together', () => {
    const out = JSON.stringify(redactForOutput({ settings: { password: 'pw-canary-123', whatsapp_test_to: PHONE }, log_tail: [sentence], customer: { company_name: TITLE } }, []));
    expect(leaks(out)).toEqual([]);
    expect(out).not.toContain('pw-canary-123');
  });
});
