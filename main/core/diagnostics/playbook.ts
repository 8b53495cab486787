/**
 * The runbook's incident playbook (§7) as structured steps, Turkish and English (R-DIAG-4).
 * The three §7 entries keep the runbook's order and wording (with proper Turkish characters);
 * the others follow the runbook's sections on migrations (§3), Mikro (§4), WhatsApp (§5),
 * backups (§6) and the config-security checklist (§9.7). Commands named here are real CLI verbs.
 */
import type { CheckCategory, PlaybookSteps } from '../../../shared/diagnostics.js';

export type PlaybookKind =
  | 'db_down'
  | 'db_engine'
  | 'migrations'
  | 'config_invalid'
  | 'plaintext_secrets'
  | 'keychain'
  | 'audit_chain'
  | 'outbox_failed'
  | 'unresolved_errors'
  | 'queue_backlog'
  | 'sync_stale'
  | 'mikro_connection'
  | 'mikro_not_configured'
  | 'mikro_permissions'
  | 'mikro_read_only'
  | 'mikro_encryption'
  | 'mikro_tables'
  | 'whatsapp_send'
  | 'backup'
  | 'generic';

export const PLAYBOOK: Readonly<Record<PlaybookKind, PlaybookSteps>> = {
  db_down: {
    tr: ['/health ile veritabanı durumunu doğrula (optiplan360 health)', 'PostgreSQL servisini kontrol et', 'Veritabanı tekrar ayağa kalkınca yeniden dene'],
    en: ['Confirm the database state with /health (optiplan360 health)', 'Check the PostgreSQL service', 'Retry once the database is back up'],
  },
  db_engine: {
    tr: [
      "Production'da PostgreSQL kullan: DATABASE_URL veya system_config.json içindeki database.url",
      'Şemayı oluştur: optiplan360 migrate up',
      'SQLite yalnızca yerel/test içindir (runbook §8)',
    ],
    en: ['Use PostgreSQL in production: DATABASE_URL or database.url in system_config.json', 'Create the schema: optiplan360 migrate up', 'SQLite is for local/test only (runbook §8)'],
  },
  migrations: {
    tr: ['Bekleyen migration\'ları gör: optiplan360 migrate status', 'Önce veritabanının yedeğini al', 'Uygula: optiplan360 migrate up', 'Hata sürerse migration hatasını ve audit log\'u incele'],
    en: ['See the pending migrations: optiplan360 migrate status', 'Back up the database first', 'Apply them: optiplan360 migrate up', 'If it still fails, read the migration error and the audit log'],
  },
  config_invalid: {
    tr: ['Rapordaki dosyayı ve alan yolunu bul', 'Dosyayı düzelt (UTF-8 olarak kaydet) veya Ayarlar ekranından kaydet', 'Doğrula: optiplan360 config check'],
    en: ['Find the file and field path named in the report', 'Fix the file (save it as UTF-8) or save it from the Settings screen', 'Verify: optiplan360 config check'],
  },
  plaintext_secrets: {
    tr: [
      'Düz metin gizli değerleri listele: optiplan360 config check',
      'Anahtar zincirine taşı: optiplan360 config check --fix-secrets (VAULT: referansı) veya ENV: referansı kullan',
      'Açıkta kalmış token ve parolaları yenile (rotate)',
    ],
    en: [
      'List the plain-text secrets: optiplan360 config check',
      'Move them into the keychain: optiplan360 config check --fix-secrets (VAULT: reference), or use an ENV: reference',
      'Rotate any token or password that was exposed',
    ],
  },
  keychain: {
    tr: [
      'İşletim sisteminin anahtar zincirinin çalıştığını kontrol et (Windows Kimlik Bilgileri Yöneticisi / macOS Anahtar Zinciri / Secret Service)',
      'Anahtar zinciri yoksa VAULT: yerine ENV: referansları kullan',
      'Kayıtlı gizli değerleri gör: optiplan360 secrets list',
    ],
    en: [
      "Check that the OS keychain works (Windows Credential Manager / macOS Keychain / Secret Service)",
      'Without a keychain, use ENV: references instead of VAULT:',
      'See the stored secrets: optiplan360 secrets list',
    ],
  },
  audit_chain: {
    tr: [
      'Bildirilen satırı ve öncekini incele; hiçbir satırı değiştirme veya silme',
      'Doğrula: optiplan360 audit verify',
      'Veritabanına erişimi olanları ve son yedeği kontrol et; olayı güvenlik olayı olarak kaydet',
    ],
    en: [
      'Inspect the reported row and the one before it; do not edit or delete rows',
      'Verify: optiplan360 audit verify',
      'Check who has database access and the last backup; record it as a security incident',
    ],
  },
  outbox_failed: {
    tr: [
      'Başarısız outbox kayıtlarının son hatasını (last_error_code) incele',
      'Geçici hataları "tümünü yeniden dene" ile kuyruğa al (E_MIKRO_READ_ONLY kalıcıdır, yeniden denenmez)',
      'Hata sürerse ilgili entegrasyonun bağlantısını kontrol et',
    ],
    en: [
      'Read the last error (last_error_code) of the failed outbox items',
      'Re-queue transient failures with "retry all" (E_MIKRO_READ_ONLY is permanent and is not retried)',
      "If they keep failing, check that integration's connection",
    ],
  },
  unresolved_errors: {
    tr: ['Çözülmemiş entegrasyon hatalarını entegrasyona göre incele', 'Kök nedeni gider (Mikro / WhatsApp adımları)', 'Giderilen hataları çözüldü olarak işaretle'],
    en: ['Review the unresolved integration errors by integration', 'Fix the cause (Mikro / WhatsApp steps)', 'Mark the fixed errors as resolved'],
  },
  queue_backlog: {
    tr: ['Kuyruğu işleyen servisin (uygulama veya serve) çalıştığını kontrol et', 'Hedef entegrasyonun erişilebilir olduğunu kontrol et', 'Birikme sürerse en eski kayıtların hatalarını incele'],
    en: ['Check that the process draining the queue (the app or serve) is running', 'Check that the target integration is reachable', 'If it keeps growing, read the errors of the oldest items'],
  },
  sync_stale: {
    tr: ['Son senkronizasyonun durumunu ve hatasını incele', 'Mikro bağlantısını kontrol et (Mikro adımları)', 'Senkronizasyonu elle başlat ve sonucunu izle'],
    en: ['Look at the last sync run and its error', 'Check the Mikro connection (Mikro steps)', 'Start a sync by hand and watch its result'],
  },
  mikro_connection: {
    tr: ['SQL Server erişilebilir mi? (sunucu, port 1433 veya instance, güvenlik duvarı)', 'Read-only kullanıcının yetkileri doğru mu? (yalnızca SELECT, db_datareader)', 'Yönetim panelinden bağlantı testini çalıştır (SQL Board → Bağlantı Testi)'],
    en: ['Is the SQL Server reachable? (host, port 1433 or instance, firewall)', "Are the read-only login's rights correct? (SELECT only, db_datareader)", 'Run the connection test in the admin panel (SQL Board → Test Connection)'],
  },
  mikro_not_configured: {
    tr: [
      'SQL Board\'da veya mikro_connection.json dosyasında host ve database alanlarını doldur',
      'Parolayı anahtar zincirine kaydet (optiplan360 secrets set mikro_sql_password) veya MIKRO_PASSWORD ortam değişkenini kullan',
      'Yönetim panelinden bağlantı testini çalıştır',
    ],
    en: [
      'Fill in host and database on the SQL Board or in mikro_connection.json',
      'Store the password in the keychain (optiplan360 secrets set mikro_sql_password) or use the MIKRO_PASSWORD environment variable',
      'Run the connection test in the admin panel',
    ],
  },
  mikro_permissions: {
    tr: ['Mikro için yalnızca db_datareader rolünde ayrı bir kullanıcı kullan', 'db_owner, db_datawriter, db_ddladmin, sysadmin rollerini ve INSERT/UPDATE/DELETE/EXECUTE izinlerini kaldır', 'Bağlantı testini ve tanılamayı yeniden çalıştır'],
    en: ['Use a dedicated login that is only in db_datareader', 'Remove db_owner, db_datawriter, db_ddladmin, sysadmin and INSERT/UPDATE/DELETE/EXECUTE grants', 'Run the connection test and diagnostics again'],
  },
  mikro_read_only: {
    tr: ['mikro_connection.json içinde "read_only": true olmalı (P1\'de Mikro\'ya yazma yoktur)', 'PUSH denemesi E_MIKRO_READ_ONLY döndürmeli; dönmüyorsa servisi durdur', 'Bu sürümü bildir'],
    en: ['"read_only": true must stay in mikro_connection.json (P1 has no write-back)', 'A PUSH attempt must return E_MIKRO_READ_ONLY; if it does not, stop the service', 'Report this build'],
  },
  mikro_encryption: {
    tr: ['SQL Server\'da TLS sertifikasını etkinleştir (Force Encryption)', 'mikro_connection.json içinde "encrypt": true kalsın', 'Sertifika güvenilir değilse sertifikayı kur; trust_server_certificate yalnızca geçici çözümdür'],
    en: ['Enable a TLS certificate on the SQL Server (Force Encryption)', 'Keep "encrypt": true in mikro_connection.json', 'If the certificate is not trusted, install it; trust_server_certificate is only a stopgap'],
  },
  mikro_tables: {
    tr: ['Bu Mikro sürümündeki tablo adlarını kontrol et (master_tables)', 'Kullanıcıya bu tablolarda SELECT izni ver', 'Tanılamayı yeniden çalıştır'],
    en: ['Check the table names for this Mikro version (master_tables)', 'Grant the login SELECT on those tables', 'Run diagnostics again'],
  },
  whatsapp_send: {
    tr: ['Token geçerliliğini ve süresinin dolup dolmadığını kontrol et', 'Meta API durumunu kontrol et', 'Şablonların onay durumunu kontrol et'],
    en: ['Check that the token is valid and has not expired', 'Check the Meta API status', 'Check the approval state of the templates'],
  },
  backup: {
    tr: ['backup_config.json içindeki hedefleri (NAS yolu, Google Drive klasörü) kontrol et', 'Son yedeğin durumunu ve hatasını incele', 'Elle bir yedek alıp doğrula; PostgreSQL yedekleri günlük alınmalı (runbook §6)'],
    en: ['Check the targets in backup_config.json (NAS path, Google Drive folder)', 'Read the status and error of the last backup', 'Take a backup by hand and verify it; PostgreSQL backups must run daily (runbook §6)'],
  },
  generic: {
    tr: ['Ayrıntıyı oku ve ilgili ekranı aç', 'Sorunu giderip tanılamayı yeniden çalıştır'],
    en: ['Read the detail and open the related screen', 'Fix the problem and run diagnostics again'],
  },
};

/** Which playbook a check's failure calls for; by name first, then by category. */
const BY_NAME: Readonly<Record<string, PlaybookKind>> = {
  backend_health: 'db_down',
  database_connection: 'db_down',
  database_engine: 'db_engine',
  migrations_at_head: 'migrations',
  config_files_valid: 'config_invalid',
  plaintext_secrets: 'plaintext_secrets',
  keychain_available: 'keychain',
  audit_chain: 'audit_chain',
  outbox_failed: 'outbox_failed',
  unresolved_errors: 'unresolved_errors',
  queue_backlog: 'queue_backlog',
  last_sync_recency: 'sync_stale',
  mikro_config: 'mikro_not_configured',
  mikro_connection: 'mikro_connection',
  mikro_login_permissions: 'mikro_permissions',
  mikro_read_only: 'mikro_read_only',
  mikro_push_guard: 'mikro_read_only',
  mikro_application_intent: 'mikro_connection',
  mikro_encryption: 'mikro_encryption',
  mikro_tables_readable: 'mikro_tables',
};

const BY_CATEGORY: Readonly<Record<CheckCategory, PlaybookKind>> = {
  system: 'db_down',
  database: 'db_down',
  config: 'config_invalid',
  mikro: 'mikro_connection',
  whatsapp: 'whatsapp_send',
  backup: 'backup',
  queues: 'unresolved_errors',
  audit: 'audit_chain',
};

export function playbookKindFor(name: string, category: CheckCategory): PlaybookKind {
  return BY_NAME[name] ?? BY_CATEGORY[category] ?? 'generic';
}

/** A copy, so a report can never alter the shared table. */
export function stepsFor(kind: PlaybookKind): PlaybookSteps {
  const s = PLAYBOOK[kind];
  return { tr: [...s.tr], en: [...s.en] };
}
