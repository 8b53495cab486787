import { useTranslation } from 'react-i18next';

export function PlaceholderPage({ section }: { section: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t(`nav.${section}`)}</h2>
      <p className="muted">{t('placeholder.coming')}</p>
    </section>
  );
}
