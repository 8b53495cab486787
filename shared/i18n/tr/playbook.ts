/**
 * Katalog: playbook — runbook §7'deki olay adımları ve runbook'un migration (§3), Mikro (§4),
 * WhatsApp (§5), yedek (§6) ve yapılandırma güvenliği (§9.7) bölümleri; her tür için sırayla
 * `playbook.<tür>.<n>`. Adlandırılan komutlar gerçek CLI komutlarıdır.
 */
export const playbook = {
  db_down: {
    '1': '/health ile veritabanı durumunu doğrulayın (optiplan360 health).',
    '2': 'PostgreSQL servisini kontrol edin.',
    '3': 'Veritabanı tekrar açılınca yeniden deneyin.',
  },
  db_engine: {
    '1': 'Production’da PostgreSQL kullanın: DATABASE_URL veya system_config.json içindeki database.url.',
    '2': 'Şemayı oluşturun: optiplan360 migrate up',
    '3': 'SQLite yalnızca yerel/test içindir (runbook §8).',
  },
  migrations: {
    '1': 'Bekleyen migration’ları görün: optiplan360 migrate status',
    '2': 'Önce veritabanının yedeğini alın.',
    '3': 'Uygulayın: optiplan360 migrate up',
    '4': 'Hata sürerse migration hatasını ve denetim kaydını inceleyin.',
  },
  config_invalid: {
    '1': 'Rapordaki dosyayı ve alan yolunu bulun.',
    '2': 'Dosyayı düzeltin (UTF-8 olarak kaydedin) veya Ayarlar ekranından kaydedin.',
    '3': 'Doğrulayın: optiplan360 config check',
  },
  plaintext_secrets: {
    '1': 'Düz metin gizli değerleri listeleyin: optiplan360 config check',
    '2': 'Anahtar deposuna taşıyın: optiplan360 config check --fix-secrets (VAULT: referansı) veya ENV: referansı kullanın.',
    '3': 'Açıkta kalmış token ve parolaları yenileyin.',
  },
  keychain: {
    '1': 'İşletim sisteminin anahtar deposunun çalıştığını kontrol edin (Windows Kimlik Bilgileri Yöneticisi / macOS Anahtar Zinciri / Secret Service).',
    '2': 'Anahtar deposu yoksa VAULT: yerine ENV: referansları kullanın.',
    '3': 'Kayıtlı gizli değerleri görün: optiplan360 secrets list',
  },
  audit_chain: {
    '1': 'Bildirilen satırı ve öncekini inceleyin; hiçbir satırı değiştirmeyin veya silmeyin.',
    '2': 'Doğrulayın: optiplan360 audit verify',
    '3': 'Veritabanına erişimi olanları ve son yedeği kontrol edin; olayı güvenlik olayı olarak kaydedin.',
  },
  outbox_failed: {
    '1': 'Başarısız giden kutusu (outbox) kayıtlarının son hatasını (last_error_code) inceleyin.',
    '2': 'Geçici hataları “tümünü yeniden dene” ile kuyruğa alın (E_MIKRO_READ_ONLY kalıcıdır, yeniden denenmez).',
    '3': 'Hata sürerse ilgili entegrasyonun bağlantısını kontrol edin.',
  },
  unresolved_errors: {
    '1': 'Çözülmemiş entegrasyon hatalarını entegrasyona göre inceleyin.',
    '2': 'Kök nedeni giderin (Mikro / WhatsApp adımları).',
    '3': 'Giderilen hataları çözüldü olarak işaretleyin.',
  },
  queue_backlog: {
    '1': 'Kuyruğu işleyen servisin (uygulama veya serve) çalıştığını kontrol edin.',
    '2': 'Hedef entegrasyonun erişilebilir olduğunu kontrol edin.',
    '3': 'Birikme sürerse en eski kayıtların hatalarını inceleyin.',
  },
  sync_stale: {
    '1': 'Son senkronizasyonun durumunu ve hatasını inceleyin.',
    '2': 'Mikro bağlantısını kontrol edin (Mikro adımları).',
    '3': 'Senkronizasyonu elle başlatın ve sonucunu izleyin.',
  },
  mikro_connection: {
    '1': 'SQL Server erişilebilir mi? (sunucu, port 1433 veya örnek (instance), güvenlik duvarı)',
    '2': 'Salt okunur kullanıcının yetkileri doğru mu? (yalnızca SELECT, db_datareader)',
    '3': 'Yönetim panelinden bağlantı testini çalıştırın (SQL Board → Bağlantı testi).',
  },
  mikro_not_configured: {
    '1': 'SQL Board’da veya mikro_connection.json dosyasında host ve database alanlarını doldurun.',
    '2': 'Parolayı anahtar deposuna kaydedin (optiplan360 secrets set mikro_sql_password) veya MIKRO_PASSWORD ortam değişkenini kullanın.',
    '3': 'Yönetim panelinden bağlantı testini çalıştırın.',
  },
  mikro_permissions: {
    '1': 'Mikro için yalnızca db_datareader rolünde ayrı bir kullanıcı kullanın.',
    '2': 'db_owner, db_datawriter, db_ddladmin, sysadmin rollerini ve INSERT/UPDATE/DELETE/EXECUTE izinlerini kaldırın.',
    '3': 'Bağlantı testini ve tanılamayı yeniden çalıştırın.',
  },
  mikro_read_only: {
    '1': 'mikro_connection.json içinde "read_only": true olmalı (P1’de Mikro’ya yazma yoktur).',
    '2': 'Bir PUSH denemesi E_MIKRO_READ_ONLY döndürmeli; döndürmüyorsa servisi durdurun.',
    '3': 'Bu sürümü bildirin.',
  },
  mikro_encryption: {
    '1': 'SQL Server’da TLS sertifikasını etkinleştirin (Force Encryption).',
    '2': 'mikro_connection.json içinde "encrypt": true kalsın.',
    '3': 'Sertifika güvenilir değilse sertifikayı kurun; trust_server_certificate yalnızca geçici çözümdür.',
  },
  mikro_tables: {
    '1': 'Bu Mikro sürümündeki tablo adlarını kontrol edin (master_tables).',
    '2': 'Kullanıcıya bu tablolarda SELECT izni verin.',
    '3': 'Tanılamayı yeniden çalıştırın.',
  },
  whatsapp_send: {
    '1': 'Token’ın geçerli olduğunu ve süresinin dolmadığını kontrol edin.',
    '2': 'Meta API durumunu kontrol edin.',
    '3': 'Şablonların onay durumunu kontrol edin.',
  },
  backup: {
    '1': 'backup_config.json içindeki hedefleri (NAS yolu, Google Drive klasörü) kontrol edin.',
    '2': 'Son yedeğin durumunu ve hatasını inceleyin.',
    '3': 'Elle bir yedek alıp doğrulayın; PostgreSQL yedekleri günlük alınmalı (runbook §6).',
  },
  generic: {
    '1': 'Ayrıntıyı okuyun ve ilgili ekranı açın.',
    '2': 'Sorunu giderip tanılamayı yeniden çalıştırın.',
  },
};
