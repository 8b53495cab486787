/**
 * Config security and integrity (runbook §9.7, R-CFG, R-AUDIT-2). Findings name the file and the
 * JSON path, never the value.
 */
import type { DiagnosticsContext } from '../context.js';
import { pass, problem, type CheckDefinition, type CheckOutcome } from '../registry.js';

/** Walks before a break is believed (see auditChain); 0.1 + 0.2 + 0.3 + 0.4 s of waiting at most. */

export function configChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  return [
    { name: 'config_files_valid', category: 'config', run: () => configFilesValid(ctx) },
    { name: 'plaintext_secrets', category: 'config', run: () => plaintextSecrets(ctx) },
    { name: 'keychain_available', category: 'config', run: () => keychainAvailable(ctx) },
    { name: 'audit_chain', category: 'audit', run: () => auditChain(ctx) },
  ];
}

function configFilesValid(ctx: DiagnosticsContext): CheckOutcome {
  const files = ctx.config.checkAll();
  const bad = files.filter((f) => !f.valid);
  const missing = files.filter((f) => !f.exists).map((f) => f.name);
  const data = { config_dir: ctx.config.configDir, files: files.length, invalid: bad.map((f) => f.name), missing };
  if (bad.length > 0) {
    const where = bad
      .map((f) => `${f.name}: ${f.errors.length ? f.errors.map((e) => `${e.path || '(file)'} ${e.message}`).join('; ') : (f.message ?? 'invalid')}`)
      .join(' | ');
    return problem(
      'FAIL',
      {
        en: `Invalid config: ${where}`,
        tr: `Geçersiz yapılandırma: ${where}`,
        rec_en: `Fix the named field(s) in ${ctx.config.configDir}, then run: optiplan360 config check`,
        rec_tr: `${ctx.config.configDir} içindeki belirtilen alanları düzeltin, sonra çalıştırın: optiplan360 config check`,
      },
      { data },
    );
  }
  const note = missing.length ? ` (${missing.length} missing, defaults apply: ${missing.join(', ')})` : '';
  const noteTr = missing.length ? ` (${missing.length} dosya yok, varsayılanlar geçerli: ${missing.join(', ')})` : '';
  return pass(`All ${files.length} config files are valid${note}.`, `${files.length} yapılandırma dosyasının tümü geçerli${noteTr}.`, data);
}

function plaintextSecrets(ctx: DiagnosticsContext): CheckOutcome {
  const findings = ctx.config.scan();
  if (findings.length === 0) {
    return pass('No plain-text secrets in the config files (VAULT:/ENV: references only).', 'Yapılandırma dosyalarında düz metin gizli değer yok (yalnızca VAULT:/ENV: referansları).');
  }
  const where = findings.map((f) => `${f.file} ${f.path} (${f.kind})`).join('; ');
  const fix = ctx.secretStore ? 'optiplan360 config check --fix-secrets' : 'replace each value with an ENV:<NAME> reference (no keychain here for --fix-secrets)';
  const fixTr = ctx.secretStore ? 'optiplan360 config check --fix-secrets' : 'her değeri ENV:<NAME> referansıyla değiştirin (burada --fix-secrets için anahtar zinciri yok)';
  return problem(
    'FAIL',
    {
      en: `${findings.length} plain-text secret(s) in config: ${where}.`,
      tr: `Yapılandırmada ${findings.length} düz metin gizli değer: ${where}.`,
      rec_en: `Move them out of the files: ${fix}; then rotate the exposed values.`,
      rec_tr: `Dosyalardan çıkarın: ${fixTr}; sonra açığa çıkan değerleri yenileyin.`,
    },
    { data: { findings: findings.map((f) => ({ file: f.file, path: f.path, kind: f.kind, suggested_ref: f.suggested_ref })) } },
  );
}

async function keychainAvailable(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const refs = ctx.config.references();
  const vaultRefs = [...refs].filter(([ref]) => ref.startsWith('VAULT:'));
  const status = ctx.secretStore ? await ctx.secretStore.status() : { available: false, backend: 'none', error: 'no keychain on this machine' };
  const data = { available: status.available, backend: status.backend, vault_refs: vaultRefs.map(([ref]) => ref) };
  if (status.available) {
    return pass(`OS keychain available (${status.backend}); ${vaultRefs.length} VAULT: reference(s) in config.`, `İşletim sistemi anahtar zinciri kullanılabilir (${status.backend}); yapılandırmada ${vaultRefs.length} VAULT: referansı var.`, data);
  }
  const reason = status.error ?? 'unavailable';
  if (vaultRefs.length > 0) {
    const used = vaultRefs.map(([ref, by]) => `${ref} (${by.join(', ')})`).join('; ');
    return problem(
      'FAIL',
      {
        en: `The OS keychain is not available (${reason}), so ${vaultRefs.length} VAULT: reference(s) cannot resolve: ${used}.`,
        tr: `İşletim sistemi anahtar zinciri kullanılamıyor (${reason}); bu yüzden ${vaultRefs.length} VAULT: referansı çözülemez: ${used}.`,
        rec_en: 'Make the keychain available, or replace these VAULT: references with ENV:<NAME> references.',
        rec_tr: 'Anahtar zincirini kullanılabilir yapın veya bu VAULT: referanslarını ENV:<NAME> referanslarıyla değiştirin.',
      },
      { data },
    );
  }
  return problem(
    'WARN',
    {
      en: `The OS keychain is not available (${reason}); no config uses VAULT: now, but secrets cannot be stored.`,
      tr: `İşletim sistemi anahtar zinciri kullanılamıyor (${reason}); şu an VAULT: kullanan yapılandırma yok, ancak gizli değer saklanamaz.`,
      rec_en: 'Use ENV: references, or make the keychain available before storing secrets.',
      rec_tr: 'ENV: referansları kullanın veya gizli değer saklamadan önce anahtar zincirini kullanılabilir yapın.',
    },
    { data },
  );
}

async function auditChain(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const r = await ctx.audit.verify();
  if (r.ok) return pass(`Audit chain intact (${r.checked} row(s) verified).`, `Denetim zinciri sağlam (${r.checked} satır doğrulandı).`, { checked: r.checked, last_id: r.last_id });
  const b = r.first_broken;
  return problem(
    'FAIL',
    {
      en: `Audit chain broken at row ${b?.id ?? '?'}: ${b?.reason ?? 'unknown'} (${r.checked} row(s) verified before it).`,
      tr: `Denetim zinciri ${b?.id ?? '?'} numaralı satırda kırık: ${b?.reason ?? 'bilinmiyor'} (öncesinde ${r.checked} satır doğrulandı).`,
      rec_en: `Treat as a security incident: inspect row ${b?.id ?? '?'} and the one before it; do not edit rows.`,
      rec_tr: `Güvenlik olayı olarak ele alın: ${b?.id ?? '?'} numaralı satırı ve öncekini inceleyin; satırları değiştirmeyin.`,
    },
    { data: { checked: r.checked, last_id: r.last_id, broken_id: b?.id ?? null } },
  );
}
