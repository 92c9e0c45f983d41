import { useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../../shared/format.ts';
import { hardshipApi, type FileFilters, type FilesOverview, type ReviewNotice } from '../api.ts';

type Figure = keyof FilesOverview;
const FIGURES: readonly Figure[] = ['foundThisYear', 'exitedThisYear', 'filed', 'inProcess', 'reviewsDue', 'reviewsOverdue'];
// The two review figures open the list of those files: what the union has to do next.
const REVIEW_FILTER: Partial<Record<Figure, FileFilters['review']>> = { reviewsDue: 'due', reviewsOverdue: 'overdue' };

/**
 * 动态管理 at a glance, above the files: found and exited this year, on file, in process, reviews due
 * within 30 days and overdue (each opens its list), and the daily review list (复核提醒) of the unions
 * below with overdue or due reviews.
 */
export function FilesOverviewBar({ version, onFilter }: { version: number; onFilter: (filters: FileFilters) => void }) {
  const { t } = useTranslation();
  const [overview, setOverview] = useState<FilesOverview | null>(null);
  const [notices, setNotices] = useState<ReviewNotice[]>([]);
  const k = 'consoleHardship.overview';

  useEffect(() => {
    let live = true;
    void Promise.all([hardshipApi.overview(), hardshipApi.reviewNotices()])
      .then(([o, n]) => {
        if (!live) return;
        setOverview(o);
        setNotices(n);
      })
      // The list below shows its own error; the figures are a summary and stay away on failure.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version]);

  if (!overview) return null;
  const pending = notices.filter((n) => n.overdue + n.due > 0);
  return (
    <div className="gh-hardship-overview" data-testid="hardship-overview">
      <div className="gh-hardship-figures">
        {FIGURES.map((figure) => {
          const review = REVIEW_FILTER[figure];
          const warn = figure === 'reviewsOverdue' && overview[figure] > 0;
          return (
            <Card
              key={figure}
              size="small"
              className={`gh-stat-card${review ? ' gh-hardship-figure-link' : ''}`}
              data-testid={`hardship-overview-${figure}`}
              hoverable={Boolean(review)}
              onClick={review ? () => onFilter({ review }) : undefined}
            >
              <Statistic
                title={t(`${k}.${figure}`)}
                value={overview[figure]}
                suffix={t(`${k}.unit`)}
                styles={{ content: warn ? { color: '#c8102e', fontWeight: 600 } : undefined }}
              />
            </Card>
          );
        })}
      </div>
      {pending.length > 0 && (
        <Alert
          type={pending.some((n) => n.overdue > 0) ? 'warning' : 'info'}
          showIcon
          className="gh-hardship-reminders"
          data-testid="hardship-reminders"
          title={t(`${k}.remindersTitle`, { day: formatDate(pending[0]?.updatedAt ?? '') })}
          description={
            <Space orientation="vertical" size={2}>
              {pending.slice(0, 5).map((n) => (
                <Space key={n.orgId} size={8} wrap data-testid={`hardship-reminder-${n.orgId}`}>
                  <Typography.Text strong>{n.orgName}</Typography.Text>
                  {n.overdue > 0 && (
                    <Button size="small" type="link" danger onClick={() => onFilter({ orgId: n.orgId, review: 'overdue' })}>
                      {t(`${k}.overdueCount`, { count: n.overdue })}
                    </Button>
                  )}
                  {n.due > 0 && (
                    <Button size="small" type="link" onClick={() => onFilter({ orgId: n.orgId, review: 'due' })}>
                      {t(`${k}.dueCount`, { count: n.due })}
                    </Button>
                  )}
                </Space>
              ))}
              {pending.length > 5 && (
                <Typography.Text type="secondary">{t(`${k}.moreUnions`, { count: pending.length - 5 })}</Typography.Text>
              )}
            </Space>
          }
        />
      )}
    </div>
  );
}
