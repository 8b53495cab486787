import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';

/**
 * Raw driver / OS / server text, for support: behind a "Teknik ayrıntı" toggle, collapsed by
 * default, and not in the page at all until opened (so it is never read as the sentence).
 * Renders nothing when there is no text.
 */
export function TechnicalDetail({ text }: { text: string | null | undefined | readonly (string | null | undefined)[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const joined = (Array.isArray(text) ? text : [text]).filter((x): x is string => typeof x === 'string' && x.trim() !== '').join('\n');
  if (!joined) return null;
  return (
    <div className="technical">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="technical-toggle">
        {open ? '▾' : '▸'} {t('common.technical_detail', { ns: MESSAGE_NS })}
      </button>
      {open && <pre data-testid="technical-detail">{joined}</pre>}
    </div>
  );
}
