import { LOCALES, type Locale, type Strings } from './strings';

const LOCALE_KEY = 'hub.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved === 'en' || saved === 'es') return saved;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** The language of the app: the browser's by default, switched by the user, remembered. */
class I18n {
  locale = $state<Locale>(initialLocale());
  t = $derived<Strings>(LOCALES[this.locale]);

  set(locale: Locale) {
    this.locale = locale;
    localStorage.setItem(LOCALE_KEY, locale);
    document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
document.documentElement.lang = i18n.locale;
