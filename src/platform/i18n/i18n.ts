import { zhCN } from './zh-CN/index.js';

export type Locale = 'zh-CN';
export type Messages = Readonly<Record<string, string>>;

// The platform's own messages; each module adds its catalogue when the module list is installed.
const catalogues: Record<Locale, Record<string, string>> = { 'zh-CN': { ...zhCN } };

/** Adds a module's messages; a key already present is a clash between two catalogues, refused. */
export function addMessages(locale: Locale, messages: Messages): void {
  const catalogue = catalogues[locale];
  const clashes = Object.keys(messages).filter((key) => key in catalogue && catalogue[key] !== messages[key]);
  if (clashes.length > 0) throw new Error(`messages declared twice: ${clashes.join(', ')}`);
  Object.assign(catalogue, messages);
}

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

/** Every message of a locale as installed (for a thread, which starts with the platform's own only). */
export function catalogue(locale: Locale = 'zh-CN'): Messages {
  return { ...catalogues[locale] };
}

export function hasMessage(key: string, locale: Locale = 'zh-CN'): boolean {
  return key in catalogues[locale];
}

export function messageKeys(locale: Locale = 'zh-CN'): string[] {
  return Object.keys(catalogues[locale]);
}
