import { useCallback } from 'react';
import { CheckCircleFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import type { Benefit, PlanRule } from './api.ts';
import { benefitParams } from './rules.ts';

/** A benefit in a rider's words: 住院：医保范围内个人自付费用的 50%，每个保障期最多 2 次. */
export function useBenefitText(): (benefit: Benefit) => string {
  const { t } = useTranslation();
  return useCallback(
    (benefit: Benefit) =>
      t(
        `memberMutualAid.benefit.${benefit.kind}`,
        benefitParams(benefit, ({ values, tenThousands }) =>
          tenThousands
            ? t('memberMutualAid.sumsTenThousands', { values: values.map((n) => t('memberMutualAid.tenThousand', { n })).join('/') })
            : t('memberMutualAid.sumsYuan', { values: values.join('/') }),
        ),
      ),
    [t],
  );
}

/** What a plan pays, one benefit a line. */
export function BenefitList({ benefits, testId }: { benefits: readonly Benefit[]; testId: string }) {
  const text = useBenefitText();
  return (
    <ul className="gh-ma-benefits">
      {benefits.map((benefit, i) => (
        <li key={`${benefit.kind}-${String(i)}`} data-testid={testId} data-kind={benefit.kind}>
          <CheckCircleFill className="gh-ma-benefit-icon" />
          <span>{text(benefit)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Who may enrol, in short lines. */
export function EligibilityList({ rule }: { rule: PlanRule }) {
  const { t } = useTranslation();
  const e = rule.eligibility;
  const lines = [
    t('memberMutualAid.plans.age', { min: e.minAge, max: e.maxAge }),
    ...(e.women ? [t('memberMutualAid.plans.women')] : []),
    ...(e.employed ? [t('memberMutualAid.plans.employed')] : []),
    ...(e.healthDeclaration ? [t('memberMutualAid.plans.health')] : []),
    rule.waitingDays > 0 ? t('memberMutualAid.plans.waitingDays', { days: rule.waitingDays }) : t('memberMutualAid.plans.waitingNone'),
  ];
  return (
    <ul className="gh-ma-eligibility" data-testid="mutual-aid-plan-eligibility">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
