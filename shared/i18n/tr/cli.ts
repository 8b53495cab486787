/** Komut satırının ortak metinleri (hata satırı, kullanım hataları). */
export const cli = {
  error_line: 'hata {{code}}: {{message}}',
  next_step: 'Ne yapmalı: {{step}}',
  technical: 'Teknik ayrıntı: {{detail}}',
  usage: {
    unknown_option: 'Bilinmeyen seçenek: {{option}}',
    unknown_command: 'Bilinmeyen komut: {{command}}',
    missing_argument: 'Eksik bağımsız değişken: {{argument}}',
    missing_option_value: '{{option}} seçeneği bir değer bekliyor',
    invalid_argument: '{{option}} için geçersiz değer: {{value}}',
    excess_arguments: 'Fazla bağımsız değişken',
    other: 'Komut kullanımı hatalı',
    help_hint: 'Kullanım için --help ile çalıştırın.',
  },
};
