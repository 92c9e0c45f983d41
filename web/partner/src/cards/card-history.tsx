import { Card, Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format.ts';
import { HISTORY_LIMIT, shownMemberNo, type CardCheck, type CheckOutcome } from './check.ts';
import { OfflineBadge } from './offline-badge.tsx';

const OUTCOME_COLOR: Record<CheckOutcome, string> = {
  pending: 'processing',
  valid: 'success',
  expired: 'error',
  forged: 'error',
  malformed: 'error',
  inactive: 'error',
  error: 'warning',
};

/** This tab's last checks, newest first (kept in memory only). */
export function CardHistory({ history }: { history: readonly CardCheck[] }) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('partnerCards.history.title')}
      extra={<Typography.Text type="secondary">{t('partnerCards.history.subtitle', { count: HISTORY_LIMIT })}</Typography.Text>}
      data-testid="partner-card-history"
      className="gh-card-history gh-card-layout-history"
    >
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('partnerCards.history.empty')} />
      ) : (
        <ol className="gh-card-history-list">
          {history.map((check) => {
            const memberNo = shownMemberNo(check);
            return (
              <li key={check.id} className="gh-card-history-item" data-testid="partner-card-history-item" data-outcome={check.outcome}>
                <span className="gh-card-history-time">{formatDateTime(check.checkedAt)}</span>
                <span>
                  <Tag color={OUTCOME_COLOR[check.outcome]}>{t(`partnerCards.history.outcome.${check.outcome}`)}</Tag>
                </span>
                <span className="gh-card-history-member">
                  {memberNo ? <span className="gh-card-history-no">{memberNo}</span> : t('common.none')}
                  {check.card?.nameMasked ? <span>{check.card.nameMasked}</span> : null}
                </span>
                <Typography.Text className="gh-card-history-org" type="secondary" ellipsis={{ tooltip: true }}>
                  {check.card?.orgName ?? check.problemTitle ?? ''}
                </Typography.Text>
                <span className="gh-card-history-offline">
                  {check.outcome === 'pending' ? null : <OfflineBadge verdict={check.offline} testId="partner-card-history-offline" />}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
