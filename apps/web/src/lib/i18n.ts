import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

export const supportedLanguages = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

export type Language = (typeof supportedLanguages)[number]['code'];

const storageKey = 'portal.language';

const isLanguage = (value: string | null | undefined): value is Language =>
  supportedLanguages.some(({ code }) => code === value);

/** A stored choice wins; otherwise the first browser language we have (any Chinese → Simplified Chinese). */
export function detectLanguage(
  stored: string | null,
  browserLanguages: readonly string[],
): Language {
  if (isLanguage(stored)) return stored;
  for (const language of browserLanguages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    // Storage can be disabled (privacy settings); the browser language is a fine fallback.
    return null;
  }
}

export function initI18n() {
  const language = detectLanguage(readStoredLanguage(), navigator.languages);
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: supportedLanguages.map(({ code }) => code),
    // Permission names contain colons (`read:members`), so colons never separate namespaces.
    nsSeparator: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  const applyToDocument = (code: string) => {
    document.documentElement.lang = code;
    document.title = i18n.t('app.documentTitle');
  };
  applyToDocument(language);
  i18n.on('languageChanged', (code) => {
    applyToDocument(code);
    try {
      localStorage.setItem(storageKey, code);
    } catch {
      // Not remembered across visits; nothing else breaks.
    }
  });
  return i18n;
}

export { isLanguage };
