import { zhCN } from './zh-CN/index.js';

export type Locale = 'zh-CN';
export type Messages = Readonly<Record<string, string>>;

const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN };

/** Looks up a message and fills {name} placeholders; an unknown key returns the key so gaps show instead of crashing. */
export function t(key: string, params: Record<string, unknown> = {}, locale: Locale = 'zh-CN'): string {
  const template = catalogues[locale][key];
  if (template === undefined) return key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    return value === undefined || value === null ? whole : JSON.stringify(value);
  });
}

export function hasMessage(key: string, locale: Locale = 'zh-CN'): boolean {
  return key in catalogues[locale];
}

export function messageKeys(locale: Locale = 'zh-CN'): string[] {
  return Object.keys(catalogues[locale]);
}
