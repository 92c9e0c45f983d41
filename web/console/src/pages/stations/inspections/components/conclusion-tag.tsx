import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { inspectionsApi, type Conclusion, type LastInspection } from '../api.ts';

/**
 * A station's standing after its latest inspection: 达标, 限期整改 (with its date), 整改逾期, or 未检查.
 * Usable wherever stations are listed (`useLastInspections` reads a page's worth at once).
 */
export function InspectionConclusionTag({
  last,
}: {
  last: (Pick<LastInspection, 'conclusion' | 'rectifyBy' | 'visitedOn'> & { overdue?: boolean }) | null;
}) {
  const { t } = useTranslation();
  if (!last) return <Tag data-testid="inspection-conclusion">{t('consoleStationInspections.conclusion.never')}</Tag>;
  const color = conclusionColor(last.conclusion, last.overdue === true);
  const label = last.overdue
    ? t('consoleStationInspections.conclusion.overdue')
    : t(`consoleStationInspections.conclusion.${last.conclusion}`);
  const tag = (
    <Tag color={color} data-testid="inspection-conclusion" data-conclusion={last.conclusion}>
      {label}
    </Tag>
  );
  if (last.conclusion !== 'rectify' || !last.rectifyBy) return tag;
  return <Tooltip title={t('consoleStationInspections.conclusion.rectifyBy', { day: last.rectifyBy })}>{tag}</Tooltip>;
}

export function conclusionColor(conclusion: Conclusion, overdue = false): string {
  if (overdue) return 'red';
  return conclusion === 'meets' ? 'green' : 'orange';
}

/** The latest inspection of each station listed (a missing key: never inspected); refetched when the ids change. */
export function useLastInspections(stationIds: readonly string[]): Record<string, LastInspection> {
  const [last, setLast] = useState<Record<string, LastInspection>>({});
  const key = stationIds.join(',');
  useEffect(() => {
    let cancelled = false;
    const ids = key ? key.split(',') : [];
    inspectionsApi
      .latest(ids)
      .then(({ items }) => !cancelled && setLast(Object.fromEntries(items.map((item) => [item.stationId, item]))))
      .catch(() => !cancelled && setLast({}));
    return () => {
      cancelled = true;
    };
  }, [key]);
  return last;
}
