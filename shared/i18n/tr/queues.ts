/** Katalog: queues — giden/gelen kutusu (outbox/inbox), entegrasyon hataları ve senkronizasyon kontrolleri. */
export const queues = {
  checks: {
    outbox_failed: { title: 'Başarısız giden kutusu kayıtları' },
    unresolved_errors: { title: 'Çözülmemiş entegrasyon hataları' },
    queue_backlog: { title: 'Kuyruk birikmesi' },
    last_sync_recency: { title: 'Son senkronizasyon' },
  },
  no_producer: 'Henüz senkronizasyon üreticisi yok; {{table}} tablosuna yazan bir iş bu sürümde çalışmıyor ve tablo boş.',
  outbox: {
    none: 'Başarısız giden kutusu (outbox) kaydı yok ({{total, n}} kayıt).',
    failed: '{{failed, n}} başarısız giden kutusu (outbox) kaydı ({{integrations, list}}; {{codes, list}}); {{permanent, n}} tanesi kalıcı (yeniden denenmez).',
    failed_rec: 'Başarısız kayıtların son hatasını okuyun; nedeni giderip “tümünü yeniden dene” kullanın. Kalıcı hatalar (E_MIKRO_READ_ONLY; WhatsApp’ta Meta’nın reddettiği numara, şablon veya token) bilerek başarısız kalır: önce nedeni düzeltin.',
  },
  unresolved: {
    none: 'Çözülmemiş entegrasyon hatası yok.',
    few: '{{count, n}} çözülmemiş entegrasyon hatası ({{by, list}}); sınır {{limit, n}}.',
    many: '{{count, n}} çözülmemiş entegrasyon hatası ({{by, list}}); sınır {{limit, n}}.',
    rec: 'Entegrasyona göre inceleyin, nedeni giderin, sonra çözüldü olarak işaretleyin.',
  },
  backlog: {
    ok: 'Kuyruklar normal: giden kutusunda {{outbox, n}}, gelen kutusunda {{inbox, n}} bekleyen kayıt (sınır her biri için {{limit, n}}).',
    high: 'Kuyruk birikmesi: giden kutusunda {{outbox, n}}, gelen kutusunda {{inbox, n}} bekleyen kayıt (sınır her biri için {{limit, n}}).',
    rec: 'Kuyruğu işleyen servisin çalıştığını ve hedef entegrasyonun erişilebilir olduğunu kontrol edin.',
    stalled: 'Giden kutusunda {{count, n}} kayıt {{minutes, n}} dakikadan uzun süredir işlenmeyi bekliyor (en eskisi {{oldest, when}}): kuyruğu işleyen süreç çalışmıyor olabilir.',
    stalled_rec: 'Masaüstü uygulamasının veya `optiplan360 serve` sürecinin çalıştığını ve WhatsApp’ın açık ve kurulu olduğunu kontrol edin; giden kutusunu yalnızca bu süreçler gönderir.',
  },
  sync: {
    none: 'Henüz senkronizasyon yapılmadı (sync_jobs boş): Mikro açık ve kuruluyken uygulama veya `optiplan360 serve` her `sync.interval_minutes` dakikada bir eşitler; hemen başlatmak için `optiplan360 mikro sync` veya SQL Panosu’ndaki “Şimdi eşitle”.',
    recent: 'Son başarılı senkronizasyon {{hours, n}} saat önce ({{integration}} {{kind}}, {{at, when}}).',
    stale: 'Son başarılı senkronizasyon {{hours, n}} saat önce ({{at, when}}); {{limit, n}} saat içinde olmalıydı.',
    stale_rec: 'Son senkronizasyonları ve hatalarını inceleyin; Mikro bağlantısını kontrol edin.',
    never: 'sync_jobs tablosunda {{count, n}} kayıt var ama hiçbiri başarıyla bitmedi.',
    never_rec: 'Senkronizasyon kayıtlarının hatalarını inceleyin; Mikro bağlantısını kontrol edin.',
    failed: 'Son senkronizasyon ({{integration}} {{kind}}, {{at, when}}) BAŞARISIZ: {{code}} — {{reason}}',
    failed_never: 'Son senkronizasyon ({{integration}} {{kind}}, {{at, when}}) BAŞARISIZ: {{code}} — {{reason}} Daha önce başarılı bir senkronizasyon yok.',
    failed_rec: 'Hatanın nedenini giderin (Mikro bağlantısı, yetkiler, tablolar), sonra `optiplan360 mikro sync` ile veya SQL Panosu’ndaki “Şimdi eşitle” ile yeniden eşitleyin.',
    failed_unknown: 'nedeni kaydedilmemiş',
  },
};
