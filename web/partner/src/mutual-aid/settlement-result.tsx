import { Alert, Button, Descriptions, Spin, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, FileDoneOutlined, StopFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../../shared/format.ts';
import type { PayoutLine, Settlement } from './api.ts';
import { lineRatePct, yuanText, type Refusal } from './settlement.ts';

export type Outcome =
  | { state: 'none' }
  | { state: 'pending' }
  | { state: 'ok'; settlement: Settlement; replacedClaimNo: string | null }
  | { state: 'refused'; refusal: Refusal; code: string; title: string; reasons: string[] };

function LineText({ line }: { line: PayoutLine }) {
  const { t } = useTranslation();
  const base = t(`partnerMutualAid.base.${line.kind}`);
  const amount = formatFen(line.baseFen);
  const pct = lineRatePct(line);
  if (line.capped) return <>{t('partnerMutualAid.result.lineCapped', { base, amount })}</>;
  if (pct !== null) return <>{t('partnerMutualAid.result.lineRate', { base, amount, pct })}</>;
  return <>{t('partnerMutualAid.result.lineBase', { base, amount })}</>;
}

function Settled({ settlement, replacedClaimNo }: { settlement: Settlement; replacedClaimNo: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="gh-aid-result gh-aid-result-ok" data-testid="partner-aid-result" data-state="ok" role="status" aria-live="polite">
      <div className="gh-aid-result-head">
        <CheckCircleFilled className="gh-aid-result-icon" />
        <div>
          <div className="gh-aid-payout-label">{t('partnerMutualAid.result.payout')}</div>
          <div className="gh-aid-payout">
            <span data-testid="partner-aid-payout">{yuanText(settlement.payoutFen)}</span>
            <span className="gh-aid-payout-unit">{t('partnerMutualAid.result.unit')}</span>
          </div>
          <div className="gh-aid-deduct">{t('partnerMutualAid.result.deduct')}</div>
        </div>
      </div>
      {settlement.replaces && (
        <Alert
          type="warning"
          showIcon
          className="gh-aid-replaces"
          data-testid="partner-aid-replaces"
          title={t('partnerMutualAid.result.replaces')}
          description={
            replacedClaimNo
              ? t('partnerMutualAid.result.replacesText', { claimNo: replacedClaimNo })
              : t('partnerMutualAid.result.replacesTextUnknown')
          }
        />
      )}
      <div className="gh-aid-lines-title">{t('partnerMutualAid.result.lines')}</div>
      <ul className="gh-aid-lines">
        {settlement.lines.map((line) => (
          <li
            key={line.kind}
            className="gh-aid-line"
            data-testid="partner-aid-line"
            data-kind={line.kind}
            data-capped={String(line.capped)}
          >
            <div className="gh-aid-line-name">
              {t(`partnerMutualAid.benefit.${line.kind}`)}
              {line.capped && (
                <Tag color="orange" className="gh-aid-capped">
                  {t('partnerMutualAid.result.capped')}
                </Tag>
              )}
            </div>
            <div className="gh-aid-line-base">
              <LineText line={line} />
            </div>
            <div className="gh-aid-line-payout">{formatFen(line.payoutFen)}</div>
          </li>
        ))}
      </ul>
      <Descriptions column={2} size="small" className="gh-aid-details">
        <Descriptions.Item label={t('partnerMutualAid.result.insured')}>
          <span data-testid="partner-aid-insured">{settlement.insuredName}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('partnerMutualAid.result.plan')}>{settlement.planName}</Descriptions.Item>
        <Descriptions.Item label={t('partnerMutualAid.result.settlementRef')}>{settlement.settlementRef}</Descriptions.Item>
        <Descriptions.Item label={t('partnerMutualAid.result.claimNo')}>
          <Typography.Text copyable data-testid="partner-aid-claim-no">
            {settlement.claimNo}
          </Typography.Text>
        </Descriptions.Item>
        {settlement.certificateNo && (
          <Descriptions.Item label={t('partnerMutualAid.result.certificateNo')}>{settlement.certificateNo}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('partnerMutualAid.result.settledAt')}>{formatDateTime(settlement.settledAt)}</Descriptions.Item>
      </Descriptions>
    </div>
  );
}

const REFUSAL_ICON: Record<Refusal, typeof CloseCircleFilled> = {
  not_covered: StopFilled,
  duplicate: ExclamationCircleFilled,
  not_hospital: StopFilled,
  invalid: ExclamationCircleFilled,
  unanswered: ExclamationCircleFilled,
  other: CloseCircleFilled,
};

/** The answer for the clerk at the discharge desk: the payout in big type, or why there is none. */
export function SettlementResult({ outcome, onRetry }: { outcome: Outcome; onRetry: () => void }) {
  const { t } = useTranslation();
  if (outcome.state === 'none') {
    return (
      <div className="gh-aid-result gh-aid-result-idle" data-testid="partner-aid-result" data-state="none">
        <FileDoneOutlined className="gh-aid-result-icon" />
        <div>{t('partnerMutualAid.result.idle')}</div>
      </div>
    );
  }
  if (outcome.state === 'pending') {
    return (
      <div className="gh-aid-result gh-aid-result-idle" data-testid="partner-aid-result" data-state="pending" aria-busy="true">
        <Spin size="large" />
      </div>
    );
  }
  if (outcome.state === 'ok') return <Settled settlement={outcome.settlement} replacedClaimNo={outcome.replacedClaimNo} />;

  const { refusal } = outcome;
  const Icon = REFUSAL_ICON[refusal];
  const advice = t(`partnerMutualAid.refusal.${refusal}.advice`);
  return (
    <div
      className={`gh-aid-result gh-aid-result-refused gh-aid-result-${refusal}`}
      data-testid="partner-aid-result"
      data-state="refused"
      data-refusal={refusal}
      role="alert"
    >
      <div className="gh-aid-result-head">
        <Icon className="gh-aid-result-icon" />
        <div className="gh-aid-refusal-title">{t(`partnerMutualAid.refusal.${refusal}.title`)}</div>
      </div>
      <div className="gh-aid-problem" data-testid="partner-aid-problem" data-code={outcome.code}>
        {outcome.title}
      </div>
      {outcome.reasons.length > 0 && (
        <ul className="gh-aid-reasons">
          {outcome.reasons.map((reason) => (
            <li key={reason} data-testid="partner-aid-reason">
              {reason}
            </li>
          ))}
        </ul>
      )}
      {advice && <div className="gh-aid-advice">{advice}</div>}
      {refusal === 'unanswered' && (
        <Button size="large" onClick={onRetry} className="gh-aid-retry" data-testid="partner-aid-retry">
          {t('partnerMutualAid.result.retry')}
        </Button>
      )}
    </div>
  );
}
