/** Katalog: config — yapılandırma dosyaları: kontroller ve hatalar (dosya, JSON yolu, satır ve sütun). */
export const config = {
  checks: {
    config_files_valid: { title: 'Yapılandırma dosyaları' },
    plaintext_secrets: { title: 'Düz metin gizli değerler' },
    keychain_available: { title: 'Anahtar deposu' },
  },
  files: {
    valid: '{{count, n}} yapılandırma dosyasının tümü geçerli.',
    valid_missing: '{{count, n}} yapılandırma dosyası geçerli; {{missing_count, n}} dosya yok, varsayılanlar kullanılıyor: {{missing, list}}.',
    invalid: '{{count, n}} yapılandırma dosyası geçersiz: {{files, list}}. İlk sorun: {{first}}',
    invalid_rec: '{{dir}} klasöründeki belirtilen alanları düzeltin, sonra doğrulayın: optiplan360 config check',
  },
  errors: {
    invalid: '{{file}} geçersiz: {{first}}',
    invalid_more: '{{file}} geçersiz: {{first}} (ve {{more, n}} sorun daha)',
    at: '{{file}}, {{path}}: {{reason}}',
    at_line: '{{file}}, {{path}} (satır {{line}}, sütun {{column}}): {{reason}}',
    not_json: '{{file}} geçerli bir JSON değil.',
    not_json_at: '{{file}} geçerli bir JSON değil: satır {{line}}, sütun {{column}}.',
    unreadable: '{{file}} okunamadı.',
    literal_secret: '{{file}}: {{paths, list}} alanı gizli değeri düz metin olarak saklardı; değeri “optiplan360 secrets set” ile kaydedip VAULT:<ad> kullanın.',
    expected_ref: 'VAULT:<ad> veya ENV:<AD> referansı olmalı',
    literal_not_allowed: '{{where}} bir VAULT:<ad> veya ENV:<AD> referansı olmalı; düz değer kullanılmaz.',
    whole_file: '(dosyanın tamamı)',
  },
  cli: {
    folder: 'Yapılandırma klasörü: {{dir}}',
    missing: 'yok (varsayılanlar kullanılıyor)',
    ok: 'geçerli ({{encoding}})',
    invalid: 'GEÇERSİZ',
    keychain_ok: 'Anahtar deposu: kullanılabilir ({{backend}})',
    keychain_missing: 'Anahtar deposu: kullanılamıyor',
    secrets_none: 'Düz metin gizli değer: yok',
    secrets_found: 'Düz metin gizli değer: {{count, n}} (düzeltmek için: optiplan360 config check --fix-secrets)',
    finding: '{{file}} {{path}} ({{kind}}) → {{ref}} olacak',
    moved: '{{file}} {{path}} → {{ref}} olarak taşındı',
  },
};
