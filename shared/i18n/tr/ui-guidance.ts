/**
 * Ekranların yol gösteren metinleri: her sayfadaki uyarı şeritleri, ilk kurulum listesi ve
 * "Ne yapmalı" cümleleri (ui ad alanının parçası; ./ui.ts içine yayılır, dosyalar küçük kalsın diye ayrı).
 */
export const uiGuidance = {
  banner: {
    dbDownTitle: 'Uygulama veritabanına ulaşılamıyor',
    dbDownKeep: 'Sayfalar son bilinen bilgileri gösteriyor; veritabanı geri gelince kendiliğinden yenilenir.',
    keychainTitle: 'Windows Kimlik Bilgileri deposuna erişilemiyor',
    keychainBody: 'VAULT: ile saklanan gizli değerler okunamıyor ve kaydedilemiyor. Bunun yerine bir ortam değişkeni kullanabilirsiniz: değerin yerine ENV:DEGISKEN_ADI yazın.',
    configTitle: 'Yapılandırma hatası',
    configBody: 'Bir yapılandırma dosyası okunamadı; o dosyadaki ayarlar kullanılmıyor.',
    steps: 'Yapılacaklar',
    goSettings: 'Ayarlar’a git',
    goDatabase: 'Veritabanı sayfasına git',
  },
  firstRun: {
    heading: 'İlk kurulum',
    intro: 'Kurulum tamamlanmadı. Sırayla yapın; her adım kendi sayfasında ayarlanır.',
    done: 'Tamam',
    todo: 'Yapılacak',
    problem: 'Sorun var',
    items: {
      mikro: 'Mikro bağlantısı',
      whatsapp: 'WhatsApp',
      backup: 'İlk yedek',
      keychain: 'Anahtar deposu',
    },
    hints: {
      mikro: 'SQL Board’da bağlantı bilgilerini girin, test edin ve kaydedin.',
      whatsapp: 'WhatsApp sayfasında numara kimliğini ve token’ı girin ya da WhatsApp’ı kapatın.',
      backup: 'Yedekler sayfasında ilk yedeği alın.',
      keychain: 'Ayarlar’da anahtar deposunun durumunu görün; yoksa ENV: referansları kullanın.',
      whatsappOff: 'WhatsApp kapalı; bu adım gerekmiyor.',
    },
    open: 'Sayfayı aç',
  },
  next: {
    heading: 'Ne yapmalı',
    database: 'Veritabanı sayfasında bağlantıyı ve sunucuyu kontrol edin.',
    migrations: 'Veritabanı sayfasında şemayı güncelleyin ({{count, n}} bekleyen migration).',
    mikro: 'SQL Board’da bağlantıyı test edin.',
    mikroPassword: 'Ayarlar’da parolayı girin.',
    whatsapp: 'WhatsApp sayfasında ayarları girin ve kontrolleri çalıştırın.',
    backup: 'Yedekler sayfasında şimdi bir yedek alın ve sonucunu inceleyin.',
    config: 'Ayarlar’da {{file}} dosyasının hatasını görün ve düzeltin.',
    upgradeNow: 'Şemayı şimdi güncelle',
    open: {
      database: 'Veritabanı',
      mikro: 'SQL Board',
      whatsapp: 'WhatsApp',
      backups: 'Yedekler',
      settings: 'Ayarlar',
    },
  },
};
