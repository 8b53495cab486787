/** Katalog: mikro.sync — Mikro’dan salt okunur PULL eşitleme (cari hesaplar ve stoklar). Aynı `mikro` ad alanında. */
export const mikroSync = {
  sync: {
    result: {
      done: 'Eşitleme tamamlandı ({{tables, list}}): {{read, n}} kayıt okundu, {{changed, n}} kayıt yeni veya değişmiş.',
      failed: '{{table}} eşitlenemedi: {{reason}}',
    },
    errors: {
      mirror_write: 'Okunan kayıtlar uygulama veritabanına yazılamadı; eşitleme son kaydedilen sayfadan devam edecek.',
      interrupted: 'Eşitlemeyi yürüten süreç, eşitleme bitmeden sona erdi (uygulama kapandı veya bilgisayar yeniden başladı); sonraki eşitleme kaldığı sayfadan devam eder.',
    },
    health: {
      never: '{{table}}: henüz eşitlenmedi.',
      line: '{{table}}: son eşitleme {{at, when}}, {{rows, n}} kayıt.',
      failed: '{{table}}: son eşitleme {{at, when}} BAŞARISIZ ({{rows, n}} kayıt kaldı).',
      summary: 'Son eşitleme: {{tables, list}}',
    },
    status: { RUNNING: 'Sürüyor', DONE: 'Tamam', FAILED: 'Başarısız', NEVER: 'Hiç yapılmadı' },
    tables: { accounts: 'Cari hesaplar (CARI_HESAPLAR)', stock: 'Stoklar (STOKLAR)' },
    cli: {
      table_line: '  {{table}}: {{status}}; {{read, n}} okundu, {{changed, n}} değişti, {{cancelled, n}} iptal; {{pages, n}} sayfa, {{duration, ms}}',
      table_error: '    → {{reason}}',
      status_line: '  {{table}}: {{status}}; son {{at}}, son başarılı {{success}}; aynada {{rows, n}} kayıt',
      never: 'hiç',
      bad_table: 'bilinmeyen tablo “{{name}}”; geçerli olanlar: {{valid, list}}',
    },
    help: {
      sync: 'Mikro’dan salt okunur eşitleme (yalnızca SELECT): cari hesaplar ve stoklar, *_lastup_date’e göre artımlı ve sayfalı; çıkış kodu 0 tamam, 1 başarısız',
      full: 'filigranı (son eşitleme noktasını) sıfırla ve bütün kayıtları yeniden oku',
      tables: 'yalnızca bu tablolar, virgülle: accounts,stock',
      status: 'her tablonun son eşitlemesi (zaman, durum, kayıt sayısı, hata)',
    },
    ui: {
      heading: 'Eşitleme (PULL, salt okunur)',
      run: 'Şimdi eşitle',
      full: 'Tamamını yeniden oku',
      running: 'Eşitleniyor… {{table}}: {{rows, n}} kayıt okundu ({{page, n}}. sayfa)',
      last: 'Son eşitleme',
      column_table: 'Tablo',
      column_status: 'Durum',
      column_at: 'Zaman',
      column_rows: 'Kayıt',
      never: '—',
    },
  },
};
