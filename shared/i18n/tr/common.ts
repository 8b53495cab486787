/** Her yerde geçen sözcükler: durumlar, genel etiketler. Terimler GLOSSARY.md ile aynı. */
export const common = {
  status: { PASS: 'GEÇTİ', WARN: 'UYARI', FAIL: 'BAŞARISIZ', SKIP: 'ATLANDI' },
  /** Sağlık durumlarının tek sözcük takımı: ekranların rozetleri ve raporlar (HTML/MD/PDF) aynı sözcükleri kullanır. */
  health_state: { healthy: 'Sağlıklı', degraded: 'Kısmen sağlıklı', unhealthy: 'Sağlıksız', not_configured: 'Kurulmadı', disabled: 'Kapalı' },
  technical_detail: 'Teknik ayrıntı',
  next_step: 'Ne yapmalı',
  recommendation: 'Öneri',
  steps: 'Adımlar',
  observed: 'Gözlenen',
  yes: 'evet',
  no: 'hayır',
  none: 'yok',
  unknown: 'bilinmiyor',
  skipped_because_check: '“{{check}}” kontrolü başarısız olduğu için atlandı.',
  skipped_disabled: '{{integration}} kapalı ("enabled": false) olduğu için atlandı.',
  not_checked: 'Kontrol edilmedi: {{reason}}',
  check_crashed: 'Kontrol çalışırken hata verdi.',
  check_crashed_rec: 'Teknik ayrıntıyı bu sürümle birlikte destek ekibine bildirin.',
  check_timeout: 'Kontrol {{timeout, ms}} içinde bitmedi.',
  check_timeout_rec: 'İlgili servisin yanıt verdiğini kontrol edin; gerekirse --timeout ile süreyi artırın.',
  see_detail: 'Ayrıntıya ve adımlara bakın.',
  integrations: { mikro: 'Mikro', whatsapp: 'WhatsApp', backup: 'Yedekleme' },
};
