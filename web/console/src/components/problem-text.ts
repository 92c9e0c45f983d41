import { ApiError, errorText, joinMessages } from '../../../shared/api.ts';
import { i18n } from '../../../shared/i18n/index.ts';

/**
 * An error as one line: the problem's title, then what its errors[] say (the server names the
 * field or row at fault there: "search_unrecognised", a row of an import, …).
 */
export function problemText(error: unknown): string {
  const title = errorText(error);
  if (!(error instanceof ApiError) || error.errors.length === 0) return title;
  const details = joinMessages([...new Set(error.errors.map((e) => e.message))].slice(0, 5));
  return i18n.t('common.labelValue', { label: title, value: details });
}
