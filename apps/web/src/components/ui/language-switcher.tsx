import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { isLanguage, supportedLanguages } from '../../lib/i18n.js';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <NativeSelect
      aria-label={t('header.language')}
      value={current}
      onChange={(event) => void i18n.changeLanguage(event.currentTarget.value)}
      data={supportedLanguages.map(({ code, label }) => ({ value: code, label }))}
      size="sm"
      w={120}
    />
  );
}
