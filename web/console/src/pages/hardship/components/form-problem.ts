// The server's problem+json in a hardship form: each errors[] item under the box its field names —
// nested ones too (members.2.age, causes.0.since), which the shared fieldErrors reads only to the first
// dot — and the title with what names no box above the form.
import type { FormInstance } from 'antd';
import { ApiError, errorText } from '../../../../../shared/api.ts';
import type { FormProblem } from '../../funds/components/form-problem.tsx';
import type { FieldPath } from '../rules.ts';

export type { FormProblem };

/** Puts the error's field messages under the form's boxes (none without a form) and returns what is left for the alert. */
export function showProblemAt<V>(
  form: FormInstance<V> | null,
  error: unknown,
  pathOf: (field: string | undefined) => FieldPath | null,
): FormProblem {
  const byPath = new Map<string, { path: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const item of error instanceof ApiError ? error.errors : []) {
    const path = form ? pathOf(item.field) : null;
    if (!path) {
      rest.push(item.message);
      continue;
    }
    const key = JSON.stringify(path);
    const entry = byPath.get(key) ?? { path, errors: [] };
    entry.errors.push(item.message);
    byPath.set(key, entry);
  }
  form?.setFields(
    [...byPath.values()].map(({ path, errors }) => ({ name: path as Parameters<typeof form.setFields>[0][number]['name'], errors })),
  );
  return { title: errorText(error), items: rest };
}
