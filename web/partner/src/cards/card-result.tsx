import { Button, Descriptions, Spin, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { translateOptional } from '../../../shared/i18n/index.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { shownMemberNo, type CardCheck } from './check.ts';
import { OfflineBadge } from './offline-badge.tsx';

function MemberNo({ value }: { value: string }) {
  return (
    <Typography.Text className="gh-card-member-no" copyable={{ text: value }}>
      {value}
    </Typography.Text>
  );
}

/** The big answer for the clerk: green for a valid member, red for anything else, amber when the server could not be asked. */
export function CardResult({ check, onRetry }: { check: CardCheck | null; onRetry: (token: string) => void }) {
  const { t } = useTranslation();

  if (!check) {
    return (
      <div className="gh-card-result gh-card-result-idle" data-testid="partner-card-result-idle">
        <ScanOutlined className="gh-card-result-icon" />
        <div>
          <div className="gh-card-result-title">{t('partnerCards.result.waitingTitle')}</div>
          <Typography.Text type="secondary">{t('partnerCards.result.waitingBody')}</Typography.Text>
        </div>
      </div>
    );
  }

  if (check.outcome === 'pending') {
    return (
      <div className="gh-card-result gh-card-result-idle" data-testid="partner-card-result-pending" aria-busy="true">
        <Spin size="large" />
        <div className="gh-card-result-title">{t('partnerCards.result.checking')}</div>
      </div>
    );
  }

  const checkedAt = formatDateTime(check.checkedAt);

  if (check.outcome === 'valid' && check.card) {
    const { card } = check;
    return (
      <div
        className="gh-card-result gh-card-result-valid"
        data-testid="partner-card-result"
        data-valid="true"
        role="status"
        aria-live="polite"
      >
        <div className="gh-card-result-head">
          <CheckCircleFilled className="gh-card-result-icon" />
          <div className="gh-card-result-title">{t('partnerCards.result.valid')}</div>
          <OfflineBadge verdict={check.offline} large />
        </div>
        <Descriptions column={{ xs: 1, sm: 2 }} size="small" className="gh-card-result-details">
          <Descriptions.Item label={t('partnerCards.result.memberNo')}>
            <MemberNo value={card.memberNo} />
          </Descriptions.Item>
          <Descriptions.Item label={t('partnerCards.result.name')}>
            <span className="gh-card-result-name">{card.nameMasked ?? t('common.none')}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('partnerCards.result.org')} span={{ xs: 1, sm: 2 }}>
            {card.orgName || t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('partnerCards.result.status')}>
            {translateOptional(`partnerCards.memberStatus.${card.status}`) ?? card.status}
          </Descriptions.Item>
          <Descriptions.Item label={t('partnerCards.result.expiresAt')}>{formatDateTime(card.expiresAt)}</Descriptions.Item>
          <Descriptions.Item label={t('partnerCards.result.checkedAt')}>{checkedAt}</Descriptions.Item>
        </Descriptions>
      </div>
    );
  }

  const unavailable = check.outcome === 'error';
  const memberNo = shownMemberNo(check);
  const adviceKey = check.outcome === 'valid' ? 'error' : check.outcome;
  return (
    <div
      className={`gh-card-result ${unavailable ? 'gh-card-result-unavailable' : 'gh-card-result-invalid'}`}
      data-testid="partner-card-result"
      data-valid="false"
      data-outcome={check.outcome}
      role="alert"
    >
      <div className="gh-card-result-head">
        {unavailable ? <ExclamationCircleFilled className="gh-card-result-icon" /> : <CloseCircleFilled className="gh-card-result-icon" />}
        <div className="gh-card-result-title">{unavailable ? t('partnerCards.result.unavailable') : t('partnerCards.result.invalid')}</div>
        <OfflineBadge verdict={check.offline} large />
      </div>
      <div className="gh-card-result-problem" data-testid="partner-card-error" data-code={check.problemCode ?? ''}>
        {check.problemTitle}
      </div>
      <Typography.Paragraph className="gh-card-result-advice">{t(`partnerCards.result.advice.${adviceKey}`)}</Typography.Paragraph>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" className="gh-card-result-details">
        {memberNo && (
          <Descriptions.Item label={t('partnerCards.result.memberNo')}>
            <MemberNo value={memberNo} />
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('partnerCards.result.checkedAt')}>{checkedAt}</Descriptions.Item>
      </Descriptions>
      {unavailable && (
        <Button size="large" onClick={() => onRetry(check.token)} className="gh-card-result-retry" data-testid="partner-card-retry">
          {t('partnerCards.result.retry')}
        </Button>
      )}
    </div>
  );
}
