// The problems of an enrolment, a claim or a settlement as the API reports them: a stable code, the
// zh-CN message, and the body field a form shows it under (not the rule's own name for it).
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import type { RuleProblem } from '../rules.js';

export const problem = (field: string, code: string, params: Record<string, unknown> = {}): FieldProblem => ({
  field,
  code: `mutual-aid.${code}`,
  message: t(`problems.mutual-aid.${code}`, params),
});

/** Where each rule's refusal belongs in the request a person filled in. */
const RULE_FIELDS: Record<string, string> = {
  age: 'insured.idNumber',
  women_only: 'insured.idNumber',
  not_employed: 'employed',
  health_declaration: 'healthDeclared',
  shares: 'shares',
  self_paid_over_total: 'figures.selfPaidFen',
  parts_over_self_paid: 'figures.selfPaidFen',
  outside_cycle: 'admittedOn',
  waiting_period: 'admittedOn',
  not_covered: 'idNumber',
};

/** A rule's refusal under its field, a benefit named in words. */
export function ruleProblem(p: RuleProblem): FieldProblem {
  const params = { ...(p.params ?? {}) } as Record<string, unknown>;
  if (typeof params.benefit === 'string') params.benefit = t(`mutual-aid.benefit.${params.benefit}`);
  const field = p.code === 'amount_invalid' ? `figures.${String(params.field)}` : (RULE_FIELDS[p.code] ?? 'figures');
  return problem(field, p.code, params);
}
