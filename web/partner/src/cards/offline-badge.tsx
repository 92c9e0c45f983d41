import { Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LoadingOutlined, MinusCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OfflineVerdict } from './token.ts';

/** data-offline: pass | expired | forged | malformed | unknown-key | unsupported | no-keys | pending. */
export function OfflineBadge({
  verdict,
  large = false,
  testId = 'partner-card-offline',
}: {
  verdict: OfflineVerdict | null;
  large?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const className = large ? 'gh-card-offline gh-card-offline-large' : 'gh-card-offline';
  if (!verdict) {
    return (
      <Tag icon={<LoadingOutlined />} className={className} data-testid={testId} data-offline="pending">
        {t('partnerCards.offline.checking')}
      </Tag>
    );
  }
  const shown = (() => {
    switch (verdict.result) {
      case 'pass':
        return { color: 'success', icon: <CheckCircleFilled />, text: t('partnerCards.offline.pass') };
      case 'expired':
        return { color: 'warning', icon: <ExclamationCircleFilled />, text: t('partnerCards.offline.expired') };
      case 'forged':
        return { color: 'error', icon: <CloseCircleFilled />, text: t('partnerCards.offline.forged') };
      case 'malformed':
        return { color: 'error', icon: <CloseCircleFilled />, text: t('partnerCards.offline.malformed') };
      case 'unknown-key':
        return { color: 'error', icon: <CloseCircleFilled />, text: t('partnerCards.offline.unknownKey') };
      case 'unsupported':
        return {
          color: 'default',
          icon: <MinusCircleFilled />,
          text: verdict.reason === 'insecure' ? t('partnerCards.offline.insecure') : t('partnerCards.offline.unsupported'),
        };
      case 'no-keys':
        return { color: 'default', icon: <MinusCircleFilled />, text: t('partnerCards.offline.noKeys') };
    }
  })();
  return (
    <Tag color={shown.color} icon={shown.icon} className={className} data-testid={testId} data-offline={verdict.result}>
      {shown.text}
    </Tag>
  );
}
