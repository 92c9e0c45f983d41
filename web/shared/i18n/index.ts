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

/**
 * Translates a key that is only known at run time (an audit action such as `orgs.create`, a job
 * name, a status from the server), or returns null when there is no string for it.
 */
export function translateOptional(key: string, options?: Record<string, unknown>): string | null {
  if (!i18n.exists(key)) return null;
  const value: unknown = (i18n.t as (k: string, o?: Record<string, unknown>) => unknown)(key, { ...options, returnObjects: true });
  return typeof value === 'string' ? value : null;
}

/** The dotted paths of every string under an object of the resource: { orgs: { create } } → ['orgs.create']. */
export function leafKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${prefix}${key}`]
      : typeof value === 'object' && value !== null
        ? leafKeys(value as object, `${prefix}${key}.`)
        : [],
  );
}

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
