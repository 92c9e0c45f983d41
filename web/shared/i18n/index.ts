// i18next setup shared by the three apps. zh-CN is the only language for now; every visible
// string goes through a key in ./zh-CN.ts, and the key set is type-checked (see CustomTypeOptions).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.ts';

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  initAsync: false,
});

/** Translates a key that is only known at run time (an audit action, a job name), or returns null. */
export function translateOptional(key: string, options?: Record<string, unknown>): string | null {
  return i18n.exists(key) ? (i18n.t as (k: string, o?: Record<string, unknown>) => string)(key, options) : null;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
