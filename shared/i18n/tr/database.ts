/** Katalog: database. */
export const database = {
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
