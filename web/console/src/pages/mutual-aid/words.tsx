// Small pieces the mutual-aid pages share: a claim's status and source, an amount, a plan's benefits and
// conditions in words.
import { Space, Tag, Typography } from 'antd';
import { formatFen } from '../../../../shared/format.ts';
import { i18n } from '../../../../shared/i18n/index.ts';
import type { ClaimSource, ClaimStatus, Plan } from './api.ts';
import { benefitText, eligibilityTexts, priceText, waitingText } from './rules.ts';

const STATUS_COLOR: Record<ClaimStatus, string> = {
  submitted: 'blue',
  more_info: 'orange',
  second_review: 'purple',
  approved: 'cyan',
  rejected: 'default',
  paid: 'green',
  settled: 'green',
  cancelled: 'default',
};

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  return (
    <Tag color={STATUS_COLOR[status]} bordered={false} data-testid="mutual-aid-claim-status" data-status={status}>
      {i18n.t(`consoleMutualAid.claimStatus.${status}`)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: ClaimSource }) {
  return (
    <Tag bordered={false} color={source === 'hospital' ? 'geekblue' : undefined}>
      {i18n.t(`consoleMutualAid.source.${source}`)}
    </Tag>
  );
}

/** An amount in a table cell or a figure: ¥800.00, in tabular figures. */
export function Money({ fen, strong }: { fen: number; strong?: boolean }) {
  return <span className={strong ? 'gh-ma-money gh-ma-money-strong' : 'gh-ma-money'}>{formatFen(fen)}</span>;
}

/** A plan's benefits, one sentence each. */
export function BenefitList({ plan }: { plan: Pick<Plan, 'rule'> }) {
  return (
    <ul className="gh-ma-benefits" data-testid="mutual-aid-plan-benefits">
      {plan.rule.benefits.map((b) => (
        <li key={b.kind} data-kind={b.kind}>
          {benefitText(b)}
        </li>
      ))}
    </ul>
  );
}

/** Who may enrol, at what price and after how long: tags under the plan's name. */
export function PlanTerms({ plan }: { plan: Pick<Plan, 'rule'> }) {
  return (
    <Space size={[4, 4]} wrap data-testid="mutual-aid-plan-terms">
      <Tag bordered={false} color="red">
        {priceText(plan.rule)}
      </Tag>
      {eligibilityTexts(plan.rule).map((text) => (
        <Tag key={text} bordered={false}>
          {text}
        </Tag>
      ))}
      <Tag bordered={false}>{waitingText(plan.rule.waitingDays)}</Tag>
    </Space>
  );
}

/** A secondary line under a cell's main text. */
export function Small({ children }: { children: React.ReactNode }) {
  return (
    <Typography.Text type="secondary" className="gh-ma-small">
      {children}
    </Typography.Text>
  );
}
