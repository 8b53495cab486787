/**
 * `--help` in the run's language (real CLI processes): Turkish by default, English with
 * --lang en, the configured language (system_config.json `language`) when no flag names one;
 * defaults and bounds shown and applied are the contract schemas', and a value outside them is
 * the dispatcher's E_VALIDATION naming the field, in the chosen language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { numberField } from '../../main/cli/help.js';
import { AuditListInputSchema } from '../../shared/audit.js';
import { BackupListInputSchema } from '../../shared/backup.js';
import { MikroQueryInputSchema } from '../../shared/mikro.js';
import { openTestCore } from '../helpers/core.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const temps: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => {
  for (const t of temps.splice(0)) t.remove();
});

/** A data folder whose system_config.json says `language` (or nothing, or a broken file). */
function dataDir(system: Record<string, unknown> | string = {}): string {
  const t = tempDir();
  temps.push(t);
  writeConfig(t.dir, 'system_config.json', typeof system === 'string' ? system : { database: { auto_migrate_on_startup: false }, ...system });
  return t.dir;
}

/** commander wraps descriptions at 80 columns: join each wrapped line back onto its item. */
const unwrap = (text: string): string => text.replace(/\n {6,}(?=\S)/g, ' ');

/** The help of a verb path (unwrapped), run against `dir` so the machine's own data folder plays no part. */
async function help(words: string[], dir: string, ...more: string[]): Promise<string> {
  const r = await runCli([...words, '--help', ...more], { OPTIPLAN_DATA_DIR: dir });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return unwrap(r.stdout);
}

const VERBS = [
  [],
  ['health'],
  ['diagnostics'],
  ['migrate'],
  ['migrate', 'status'],
  ['config', 'check'],
  ['mikro'],
  ['mikro', 'query'],
  ['whatsapp', 'send-test'],
  ['backup'],
  ['backup', 'list'],
  ['backup', 'verify'],
  ['secrets', 'set'],
  ['audit'],
  ['audit', 'list'],
  ['audit', 'export'],
  ['serve'],
];

/**
 * What is left of a help text once flags, command names, upper-case codes (SELECT, E_…),
 * quoted values, paths and file names, and the product and service names are taken out.
 */
function prose(text: string): string {
  return text
    .replace(/--?[a-z][\w-]*/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ')
    .replace(/\S+\.json\b|\/\S+|<[^>]*>|VAULT:\S*/g, ' ')
    .replace(/\b(optiplan360|OptiPlan360|Mikro|ERP|SQL Server|SQLite|pg_dump|WhatsApp Business|Cloud API|ApplicationIntent|token|webhook|loopback|Windows|Excel|UTF-8|BOM|Ctrl\+C)\b/g, ' ')
    .replace(/\b(health|diagnostics|migrate|status|up|config|check|mikro|test|push-check|verify|query|whatsapp|send-test|backup|run|list|secrets|set|delete|audit|export|serve|help)\b/g, ' ');
}

const ENGLISH = /\b(the|and|or|of|to|for|with|show|display|default|usage|options?|commands?|arguments?|output|print|every|exit|number|folder|version|file|only|rows?|when|not|no|any|text|data|language|e\.g)\b/i;

describe('optiplan360 --help', () => {
  it('is Turkish by default, with no English word left in any verb', async () => {
    const d = dataDir();
    const texts = await Promise.all(VERBS.map((v) => help(v, d)));
    for (const [i, text] of texts.entries()) {
      const left = prose(text);
      expect(ENGLISH.exec(left)?.[0], `${VERBS[i]!.join(' ') || '(program)'}: ${left}`).toBeUndefined();
      expect(text).toMatch(/^ {2}-h, --help +bu komutun yardımını göster$/m);
    }
    const [program] = texts;
    expect(program).toMatch(/^Kullanım: optiplan360 \[seçenekler\] \[komut\]$/m);
    expect(program).toMatch(/^Seçenekler:$/m);
    expect(program).toMatch(/^Komutlar:$/m);
    expect(program).toMatch(/^ {2}-v, --version +sürüm numarasını göster$/m);
    expect(program).toMatch(/^ {2}health \[seçenekler\] +veritabanını ve entegrasyonları şimdi kontrol et;/m);
    expect(program).toMatch(/^ {2}help \[komut\] +bir komutun yardımını göster$/m);
    const backupVerify = texts[VERBS.findIndex((v) => v.join(' ') === 'backup verify')]!;
    expect(backupVerify).toMatch(/^Kullanım: optiplan360 backup verify \[seçenekler\] <numara>$/m);
    expect(backupVerify).toMatch(/^Bağımsız değişkenler:$/m);
    const diag = await help(['diagnostics'], d);
    expect(diag).toMatch(/--fail-on <düzey> +çıkış kodunu 2 yapan durum \(değerler: "none", "warn", "fail"; varsayılan: "fail"\)/);
    expect(diag).toMatch(/--timeout <ms> +tek bir kontrolün sürebileceği en uzun süre, ms \(100–600\.000;/);
  }, 120_000);

  it('is English with --lang en, --lang=en and the help verb', async () => {
    const d = dataDir();
    const program = await help([], d, '--lang', 'en');
    expect(program).toMatch(/^Usage: optiplan360 \[options\] \[command\]$/m);
    expect(program).toMatch(/^Options:$/m);
    expect(program).toMatch(/^Commands:$/m);
    expect(program).toMatch(/^ {2}-v, --version +output the version number$/m);
    expect(program).toMatch(/^ {2}-h, --help +display help for command$/m);
    expect(program).not.toMatch(/[çğıİöşü]/);
    // The detector the Turkish test relies on does find English prose.
    expect(ENGLISH.exec(prose(program))?.[0]).toBeDefined();
    const list = await help(['audit', 'list'], d, '--lang=en');
    expect(list).toMatch(/^Usage: optiplan360 audit list \[options\]$/m);
    expect(list).toMatch(/^ {2}--data-dir <dir> +data folder \(default: OPTIPLAN_DATA_DIR, else the app data folder\)$/m);
    const viaVerb = await runCli(['help', 'audit', '--lang', 'en'], { OPTIPLAN_DATA_DIR: d });
    expect(viaVerb.code).toBe(0);
    expect(viaVerb.stdout).toMatch(/^ {2}list \[options\] +show audit rows, newest first$/m);
    expect(viaVerb.stdout).toMatch(/^ {2}help \[command\] +display help for a command$/m);
  });

  it('follows the configured language of the data folder; --lang wins; a broken file falls back to Turkish', async () => {
    const en = dataDir({ language: 'en' });
    expect(await help(['health'], en)).toMatch(/^Usage: optiplan360 health \[options\]$/m);
    // --data-dir (not only OPTIPLAN_DATA_DIR) names the folder whose configuration counts.
    const viaFlag = await runCli(['backup', 'list', '--data-dir', en, '--help'], { OPTIPLAN_DATA_DIR: dataDir() });
    expect(viaFlag.stdout).toMatch(/^Usage: optiplan360 backup list \[options\]$/m);
    expect(await help(['health'], en, '--lang', 'tr')).toMatch(/^Kullanım: optiplan360 health \[seçenekler\]$/m);
    // A usage error is in the configured language too.
    const bad = await runCli(['health', '--bogus'], { OPTIPLAN_DATA_DIR: en });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/^Unknown option: --bogus$/m);

    const broken = dataDir('{ "language": "en", ');
    expect(await help(['health'], broken)).toMatch(/^Kullanım: optiplan360 health \[seçenekler\]$/m);
    const unknown = dataDir({ language: 'de' });
    expect(await help(['health'], unknown)).toMatch(/^Kullanım:/m);
    const missing = tempDir();
    temps.push(missing);
    fs.mkdirSync(path.join(missing.dir, 'config', 'system_config.json'), { recursive: true }); // a folder, not a file
    expect(await help(['health'], missing.dir)).toMatch(/^Kullanım:/m);
  }, 60_000);

  it('shows the schemas\' defaults and bounds, and applies the default (audit list returns at most that many rows)', async () => {
    const audit = numberField(AuditListInputSchema.shape.limit);
    const backup = numberField(BackupListInputSchema.shape.limit);
    const maxRows = numberField(MikroQueryInputSchema.shape.max_rows);
    expect(audit).toMatchObject({ min: 1, default: expect.any(Number), max: expect.any(Number) });
    const d = dataDir();
    const tr = await help(['audit', 'list'], d);
    expect(tr).toMatch(new RegExp(`^ {2}--limit <sayı> +gösterilecek satır sayısı \\(${audit.min}–${audit.max}; varsayılan: ${audit.default}\\)$`, 'm'));
    const en = await help(['backup', 'list'], d, '--lang', 'en');
    expect(en).toMatch(new RegExp(`^ {2}--limit <n> +how many backups to show \\(${backup.min}–${backup.max}; default: ${backup.default}\\)$`, 'm'));
    const query = await help(['mikro', 'query'], d, '--lang', 'en');
    expect(query).toContain(`(${maxRows.min}–${maxRows.max!.toLocaleString('en-US')}; default: ${maxRows.default})`);

    const t = await openTestCore({ auto_migrate_on_startup: true });
    try {
      expect((await t.core.startAutoMigrate()).state).toBe('done');
      for (let i = 0; i < audit.default! + 5; i++) await t.core.record({ actor: 'test', action: 'HELP_TEST', target: `row ${i}`, result: 'info' });
    } finally {
      await t.core.close();
    }
    const page = await runCli(['audit', 'list', '--json', '--action', 'HELP_TEST', '--data-dir', t.dataDir]);
    expect(page.code, page.stderr).toBe(0);
    const body = JSON.parse(page.stdout) as { rows: unknown[]; total: number };
    expect(body.total).toBe(audit.default! + 5);
    expect(body.rows).toHaveLength(audit.default!);
    const three = JSON.parse((await runCli(['audit', 'list', '--json', '--limit', '3', '--data-dir', t.dataDir])).stdout) as { rows: unknown[] };
    expect(three.rows).toHaveLength(3);
    fs.rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('a value outside the schema\'s bounds is E_VALIDATION naming the field, exit 1, in the chosen language', async () => {
    const d = dataDir();
    const audit = numberField(AuditListInputSchema.shape.limit);
    const tr = await runCli(['audit', 'list', '--limit', String(audit.max! + 1), '--data-dir', d]);
    expect(tr.code).toBe(1);
    expect(tr.stderr).toMatch(new RegExp(`^hata E_VALIDATION: “Sayı sınırı” alanı: en fazla ${audit.max} olabilir$`, 'm'));
    expect(tr.stderr).toMatch(/^ {2}- limit: /m);
    expect(tr.stderr).toMatch(/^ {2}Ne yapmalı: /m);

    const en = await runCli(['mikro', 'query', '--sql', 'SELECT 1', '--max-rows', '0', '--lang', 'en', '--data-dir', d]);
    expect(en.code).toBe(1);
    expect(en.stderr).toMatch(/^error E_VALIDATION: “Maximum rows”: must be at least 1$/m);
    expect(en.stderr).toMatch(/^ {2}- max_rows: /m);

    const json = await runCli(['backup', 'list', '--limit', 'many', '--json', '--lang', 'en', '--data-dir', d]);
    expect(json.code).toBe(1);
    const body = JSON.parse(json.stdout) as { error: { code: string; details: Array<{ path: string; message: string }> } };
    expect(body.error.code).toBe('E_VALIDATION');
    expect(body.error.details[0]).toMatchObject({ path: 'limit', message: expect.stringContaining('“Limit”') });

    const timeout = await runCli(['diagnostics', '--timeout', '5', '--data-dir', d]);
    expect(timeout.code).toBe(1);
    expect(timeout.stderr).toMatch(/^ {2}- timeout_ms: “Zaman aşımı \(ms\)” alanı: en az 100 olmalı$/m);
  });
});
