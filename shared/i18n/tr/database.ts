/** Katalog: database — uygulama veritabanı kontrolleri. */
export const database = {
  checks: {
    database_connection: { title: 'Veritabanı bağlantısı' },
    database_engine: { title: 'Veritabanı motoru' },
    migrations_at_head: { title: 'Şema sürümü (migration)' },
  },
  connection: {
    ok: '{{engine}} veritabanına bağlanıldı ({{target}}): {{latency, ms}}.',
    slow: '{{engine}} veritabanı yanıt verdi ama yavaş: {{latency, ms}} (sınır {{limit, ms}}).',
    slow_rec: 'Veritabanı sunucusunun yükünü ve ağ bağlantısını kontrol edin.',
    unreachable: '{{engine}} veritabanına ({{target}}) ulaşılamıyor.',
    unreachable_rec: 'Veritabanı sunucusunun çalıştığını ve erişilebilir olduğunu kontrol edip yeniden deneyin.',
  },
  engine: {
    postgres: '{{environment}} ortamında PostgreSQL kullanılıyor.',
    sqlite_ok: '{{environment}} ortamında SQLite kullanılıyor (yerel/test için uygun).',
    sqlite_production: 'SQLite yalnızca yerel/test içindir; bu ortam: {{environment}}.',
    sqlite_staging: 'SQLite yalnızca yerel/test içindir; bu ortam: {{environment}}. Staging, production gibi PostgreSQL kullanmalı.',
    sqlite_rec: 'DATABASE_URL’i (veya system_config.json içindeki database.url’i) PostgreSQL’e yönlendirip çalıştırın: optiplan360 migrate up',
  },
  migrations: {
    auto_failed: 'Başlangıçtaki otomatik migration başarısız oldu.',
    auto_failed_rec: 'Teknik ayrıntıdaki hatanın nedenini giderin, sonra çalıştırın: optiplan360 migrate up',
    status_failed: 'Migration durumu okunamadı.',
    status_failed_rec: 'Önce veritabanı bağlantısını düzeltin (“Veritabanı bağlantısı” kontrolü).',
    pending: '{{count, n}} bekleyen migration var (şu an {{current}}, hedef {{head}}): {{list, list}}.',
    pending_rec: 'Önce yedek alın, sonra çalıştırın: optiplan360 migrate up',
    ahead: 'Veritabanı şeması ({{current}}) bu sürümün bildiğinden ({{head}}) yeni.',
    ahead_rec: 'Konsolu bu şemayı uygulayan sürüme güncelleyin.',
    at_head: 'Şema güncel ({{head}}).',
    empty: 'boş',
  },
  /** Uygulama veritabanı hataları (main/core/db). */
  errors: {
    timeout: '{{what}} {{timeout, ms}} içinde yanıt vermedi.',
    closing: 'Veritabanının kapanması',
    unavailable: '{{engine}} veritabanına ulaşılamıyor.',
    no_answer: '{{engine}} veritabanı zamanında yanıt vermedi.',
    sqlite_needs_path: 'database.url: SQLite adresi bir dosya yolu içermeli (sqlite:<yol>).',
    sqlite_needs_path_field: 'sqlite:<yol> biçiminde bir dosya yolu olmalı',
    invalid_url: 'database.url / DATABASE_URL geçersiz: postgres://kullanıcı@sunucu:5432/veritabanı veya sqlite:<yol> bekleniyor.',
    invalid_url_field: 'postgres://… veya sqlite:<yol> olmalı',
    sqlite_open: 'SQLite veritabanı dosyası açılamadı: {{file}}',
    sqlite_open_next: 'Dosyanın var olduğunu, bozuk olmadığını ve bu kullanıcının klasöre yazabildiğini kontrol edin.',
  },
};
