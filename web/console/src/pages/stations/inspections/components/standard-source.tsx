import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../../shared/format.ts';
import type { StationStandard } from '../api.ts';

/** Whose checklist holds for a union: its own, one above it, or the platform's default. */
export function StandardSource({ standard }: { standard: StationStandard }) {
  const { t } = useTranslation();
  if (!standard.source) return <Typography.Text type="secondary">{t('consoleStationInspections.standard.sourceDefault')}</Typography.Text>;
  if (standard.source.orgId === standard.orgId) {
    return <Typography.Text>{t('consoleStationInspections.standard.sourceOwn', { date: formatDate(standard.updatedAt) })}</Typography.Text>;
  }
  return <Typography.Text>{t('consoleStationInspections.standard.sourceInherited', { org: standard.source.orgName })}</Typography.Text>;
}
