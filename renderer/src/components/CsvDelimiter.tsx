import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/index.js';

export type CsvDelimiter = ';' | ',';

/** The CSV delimiter: `;` while the console is Turkish (Excel in Turkey expects it), `,` in English, unless the user picks one. */
export function useCsvDelimiter(): [CsvDelimiter, (d: CsvDelimiter) => void] {
  const { i18n } = useTranslation();
  const [chosen, setChosen] = useState<CsvDelimiter | null>(null);
  return [chosen ?? (currentLanguage(i18n.language) === 'tr' ? ';' : ','), setChosen];
}

export function CsvDelimiterSelect({ value, onChange, testId }: { value: CsvDelimiter; onChange: (d: CsvDelimiter) => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <label className="inline">
      {t('audit.delimiter')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as CsvDelimiter)} data-testid={testId}>
        <option value=";">{t('audit.delimiters.semicolon')}</option>
        <option value=",">{t('audit.delimiters.comma')}</option>
      </select>
    </label>
  );
}
