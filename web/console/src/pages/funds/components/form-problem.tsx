// The server's problem+json in a funds form, as the station-services forms show it: each errors[] item
// under the box it names, the title (and what names no box) above the form.
import { Alert, type FormInstance } from 'antd';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';

export interface FormProblem {
  title: string;
  items: string[];
}

/**
 * Puts the error's field messages under the form's boxes and returns what is left for the alert.
 * `fields` maps the server's field names (amountFen) to the form's (amount).
 */
export function showProblem<V>(form: FormInstance<V>, error: unknown, fields: Record<string, string>): FormProblem {
  const { byField, rest } = fieldErrors(error, Object.keys(fields));
  form.setFields(
    Object.entries(byField).map(([name, errors]) => ({
      name: (fields[name] ?? name) as Parameters<typeof form.setFields>[0][number]['name'],
      errors,
    })),
  );
  return { title: errorText(error), items: rest };
}

export function ProblemAlert({ problem, testId }: { problem: FormProblem | null; testId: string }) {
  if (!problem) return null;
  return (
    <Alert
      type="error"
      showIcon
      className="gh-form-alert"
      title={problem.title}
      description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
      data-testid={testId}
    />
  );
}
