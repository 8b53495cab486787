import { useTranslation } from 'react-i18next';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';
import { readableError } from '../errors.js';
import { useMsg } from '../i18n/messages.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/** The error (thrown, or a body) in the user's language; never "CODE: raw message" as the sentence. */
export function ErrorText({ error, testId }: { error: unknown; testId?: string }) {
  const { t, i18n } = useTranslation();
  const m = useMsg();
  const e = readableError(error, (key) => i18n.exists(key, { ns: MESSAGE_NS }));
  return (
    <div className="alert error-box" role="alert" data-code={e.code} data-testid={testId}>
      <strong className="error-message">{m(e.message)}</strong>
      {e.details.length > 0 && (
        <ul className="error-details">
          {e.details.map((d, i) => (
            <li key={`${d.path}#${i}`}>{m(d.message)}</li>
          ))}
        </ul>
      )}
      <div className="error-next">
        {t('common.next_step', { ns: MESSAGE_NS })}: {m(e.next_step)}
      </div>
      <TechnicalDetail text={e.technical} />
    </div>
  );
}
