import { useTranslation } from 'react-i18next';
import { ApiError } from '../transport.js';

/** An API error in the user's language: a known code gets its own text, others code + message. */
export function errorMessage(err: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    const text = t(key);
    return text !== key ? `${text} (${err.message})` : t('errors.generic', { code: err.code, message: err.message });
  }
  return err instanceof Error ? err.message : String(err);
}

export function ErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {errorMessage(error, t)}
    </p>
  );
}
