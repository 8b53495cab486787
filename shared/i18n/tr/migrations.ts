/** Katalog: migrations (şema güncellemeleri: hatalar ve CLI çıktısı). */
export const migrations = {
  errors: {
    unknown_versions: 'Veritabanında bu sürümün bilmediği migration’lar var ({{versions, list}}); veritabanı daha yeni bir OptiPlan360 ile güncellenmiş.',
    unknown_versions_next: 'Konsolu bu şemayı uygulayan sürüme güncelleyin; eski sürümle şemayı değiştirmeyin.',
    locked: 'Başka bir migration çalışıyor (uygulama, CLI veya serve).',
    step_failed: 'Migration {{version}} ({{name}}) başarısız oldu; hiçbir değişiklik uygulanmadı, tüm çalışma geri alındı.',
    step_failed_next: 'Teknik ayrıntıdaki hatayı giderin; önce yedek alıp tekrar deneyin: optiplan360 migrate up',
  },
  cli: {
    status: '{{engine}}: şema {{current}}, hedef {{head}}',
    at_head: 'güncel',
    pending_count: '{{count, n}} bekleyen',
    applied_row: '✓ {{version}} {{name}}  {{at, when}}  {{duration, ms}}',
    pending_row: '… {{version}} {{name}}  bekliyor',
    applied_now: 'uygulandı: {{version}} {{name}} ({{duration, ms}})',
    nothing: 'uygulanacak migration yok',
    empty: 'boş',
  },
};
