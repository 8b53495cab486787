/** Katalog: system — backend sağlığı kontrolü ve tanılama çalıştırıcısının kendi metinleri. */
export const system = {
  checks: {
    backend_health: { title: 'Backend sağlığı' },
    log_folder: { title: 'Günlük klasörü' },
    runtime: { title: 'Çalışma ortamı (Electron, Chromium, Node, TLS)' },
  },
  runtime: {
    electron_ok: 'Electron {{electron}} (Chromium {{chromium}}, Node {{node}}, TLS: BoringSSL); bu Electron sürümü destekleniyor.',
    electron_unsupported: 'Electron {{electron}} artık desteklenmiyor: Electron {{ended_by}} çıktığından beri ({{since, when}}) güvenlik güncellemesi almıyor. Chromium {{chromium}}, Node {{node}}, TLS: BoringSSL.',
    electron_unsupported_rec: 'Electron yükseltilemedi: {{blocker}} derlemek için Node 22 gerekiyor, derleme bilgisayarlarında Node 20 var. Derleme Node 22’ye geçince Electron {{current}} ile yeni sürüm çıkarılmalı (ayrıntılar README dosyasında).',
    node: 'Node {{node}} (TLS: OpenSSL {{openssl}}): masaüstü uygulaması değil, kaynak kodundan ya da serve ile çalışan çekirdek. Masaüstü uygulaması Electron’un BoringSSL’ini kullanır: burada geçen bir Mikro TLS bağlantısı uygulamada başarısız olabilir (ya da tersi).',
  },
  logs: {
    ok: 'Günlükler yazılabiliyor: {{dir}}.',
    not_writable: 'Günlükler yazılamıyor: {{dir}} klasörüne yazılamıyor (disk dolu veya salt okunur). Konsol çalışmaya devam ediyor; satırlar bellekte bekliyor, sığmayanlar atılıyor.',
    not_writable_rec: 'Diskte yer açın veya klasörün yazma iznini düzeltin; konsol klasörü kendisi yeniden dener, yeniden başlatmak gerekmez.',
    dropped: '{{count, n}} günlük satırı yazılamadığı için atıldı.',
  },
  health: {
    healthy: 'Backend sağlıklı (veritabanı {{engine}}, {{latency, ms}}).',
    healthy_no_latency: 'Backend sağlıklı (veritabanı {{engine}}).',
    unhealthy: 'Backend sağlıksız: {{engine}} veritabanına ulaşılamıyor.',
    unhealthy_rec: '“Veritabanı kapalı” adımlarını izleyin: optiplan360 health ile doğrulayın, PostgreSQL servisini kontrol edin, açılınca yeniden deneyin.',
    degraded_migrations: 'Backend kısmen sağlıklı: {{count, n}} bekleyen migration var.',
    degraded_components: 'Backend kısmen sağlıklı: sağlıklı olmayan bileşen: {{components}}.',
    degraded_both: 'Backend kısmen sağlıklı: {{count, n}} bekleyen migration var; sağlıklı olmayan bileşen: {{components}}.',
    degraded_logs: 'Backend kısmen sağlıklı: günlükler yazılamıyor ({{dir}}).',
    degraded_unknown: 'Backend kısmen sağlıklı: bir bileşen sağlıklı değil.',
    degraded_rec: 'Adı geçen bileşenin kontrollerine bakın (migration, Mikro, WhatsApp, yedek).',
    component: { database: 'veritabanı', mikro: 'Mikro', whatsapp: 'WhatsApp', backup: 'yedekleme' },
    join: '{{first}}, {{rest}}',
  },
  outcome: {
    malformed: 'Kontrol geçersiz bir sonuç döndürdü; sonucu GEÇTİ sayılmadı.',
    malformed_rec: 'Bu sürümü teknik ayrıntıyla birlikte bildirin: kontrol hatalı.',
    not_reported: 'Bu kontrolün sonucu bildirilmedi.',
    not_reported_rec: 'Bu sürümü teknik ayrıntıyla birlikte bildirin: kontrol grubu eksik sonuç döndürdü.',
  },
  unknown_checks: 'Bilinmeyen kontrol veya kategori: {{names, list}}.',
  unknown_check: 'bilinmeyen kontrol veya kategori: {{name}}',
};
