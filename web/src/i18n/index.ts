import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN';
import en from './locales/en';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'gi.locale';

export type MessageSchema = typeof zhCN;

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): AppLocale {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isAppLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

const datetimeFormats = {
  'zh-CN': {
    date: { year: 'numeric', month: '2-digit', day: '2-digit' },
    datetime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false },
  },
  en: {
    date: { year: 'numeric', month: 'short', day: 'numeric' },
    datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  },
} as const;

const numberFormats = {
  'zh-CN': {
    integer: { maximumFractionDigits: 0 },
    coordinate: { minimumFractionDigits: 5, maximumFractionDigits: 6 },
  },
  en: {
    integer: { maximumFractionDigits: 0 },
    coordinate: { minimumFractionDigits: 5, maximumFractionDigits: 6 },
  },
} as const;

export function createAppI18n(locale: AppLocale = storedLocale()) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
    datetimeFormats,
    numberFormats,
  });
}

export const i18n = createAppI18n();

export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private mode or disabled storage: the switch still applies to this session.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
