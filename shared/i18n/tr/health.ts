/** Katalog: health (sağlık raporu: bileşen durumları, hatalar, CLI çıktısı). */
export const health = {
  status: {
    healthy: 'sağlıklı',
    degraded: 'kısmen sağlıklı',
    unhealthy: 'sağlıksız',
    not_configured: 'kurulmadı',
    disabled: 'kapalı',
  },
  components: {
    database: 'Veritabanı',
    mikro: 'Mikro',
    whatsapp: 'WhatsApp',
    backup: 'Yedekleme',
  },
  errors: {
    not_configured_db: 'Uygulama veritabanı yapılandırılamadı.',
    migrations_unavailable: 'Migration durumu okunamadı.',
    needs_database: 'Kontrol edilmedi: uygulama veritabanına ulaşılamıyor.',
    probe_failed: '{{component}} durumu okunamadı.',
  },
  ready: {
    database_down: 'Hazır değil: uygulama veritabanına ulaşılamıyor.',
    migrations_pending: 'Hazır değil: bekleyen migration sayısı {{count, n}}.',
  },
  cli: {
    header: 'OptiPlan360 {{version}} — {{status}} ({{at, when}})',
    database: 'Veritabanı: {{status}} — {{target}}',
    latency: 'gecikme {{latency, ms}}',
    schema: 'şema {{current}} / hedef {{head}}',
    schema_pending: 'şema {{current}} / hedef {{head}} ({{count, n}} bekleyen migration)',
    component: '{{component}}: {{status}}',
    technical: 'teknik ayrıntı: {{detail}}',
    empty: 'boş',
  },
};
