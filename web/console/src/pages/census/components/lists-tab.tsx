import { useEffect, useState } from 'react';
import { Alert, Button, Card, Space, Table, Tooltip, Typography } from 'antd';
import { FileExcelOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../../shared/format.ts';
import { resolveRegionPath } from '../../../../../shared/regions.ts';
import { useFollowedRun } from '../../../components/import/use-followed-run.ts';
import { LoadMore } from '../../../components/load-more.tsx';
import { useCursorList } from '../../../components/use-cursor-list.ts';
import { useSession } from '../../../session.tsx';
import { censusApi, type CensusList, type ListPage } from '../api.ts';
import { countText, listHasReport } from '../rules.ts';
import { ListProgress, ListStatusTag, ReplacedTag } from './list-progress.tsx';
import { UploadFlow } from './upload-flow.tsx';

/** How often a list being counted is read again. */
const POLL_MS = 700;

const fetchLists = (_: object, cursor: string | undefined) => censusApi.lists(cursor);

/** The census lists of the staff member's subtree, newest first; the upload for operators; the list followed (?list=). */
export function ListsTab() {
  const { t } = useTranslation();
  const { access } = useSession();
  const list = useCursorList<CensusList, object, ListPage>({}, fetchLists);
  const { reload, update } = list;
  // Follow the chosen list (?list=): read it every POLL_MS until it has finished, its row in the table kept in step.
  const {
    id: currentId,
    current,
    problem,
    show,
    follow,
  } = useFollowedRun('list', censusApi.list, {
    intervalMs: POLL_MS,
    onRead: (found) => update((item) => item.id === found.id, found),
  });

  const progress = current && <ListProgress item={current} onClose={() => show(null)} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {problem && <Alert type="error" showIcon title={problem} />}
      {access.canEditCensus ? (
        <UploadFlow
          limitBytes={list.page?.limitBytes ?? null}
          aside={progress}
          onStarted={(started) => {
            follow(started);
            void reload();
          }}
        />
      ) : (
        progress
      )}

      <Card
        size="small"
        title={t('consoleCensus.lists.recent')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => void reload()} data-testid="census-lists-refresh" />
          </Tooltip>
        }
      >
        {list.problem && <Alert type="error" showIcon title={list.problem} className="gh-form-alert" />}
        <Table<CensusList>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: t('consoleCensus.lists.empty') }}
          scroll={{ x: 1160 }}
          data-testid="census-lists-table"
          onRow={(item) =>
            ({
              'data-testid': 'census-lists-row',
              'data-list-id': item.id,
              className: item.id === currentId ? 'gh-row-open' : undefined,
            }) as React.HTMLAttributes<HTMLElement>
          }
          footer={list.hasMore ? () => <LoadMore list={list} testId="census-lists-load-more" /> : undefined}
          columns={[
            { key: 'source', title: t('consoleCensus.lists.source'), dataIndex: 'sourceName', width: 130, ellipsis: true },
            {
              key: 'region',
              title: t('consoleCensus.lists.region'),
              width: 110,
              ellipsis: true,
              render: (_, item) => <AreaName code={item.regionCode} fullName={item.regionName} />,
            },
            {
              key: 'trade',
              title: t('consoleCensus.lists.trade'),
              width: 96,
              render: (_, item) =>
                item.trade ? (
                  t(`enums.trade.${item.trade}`)
                ) : (
                  <Typography.Text type="secondary">{t('consoleCensus.lists.tradeFromFile')}</Typography.Text>
                ),
            },
            {
              key: 'file',
              title: t('consoleCensus.lists.file'),
              ellipsis: true,
              render: (_, item) => (
                <div className="gh-import-file">
                  <Typography.Link onClick={() => show(item.id)} ellipsis title={item.fileName} data-testid="census-list-view">
                    <FileExcelOutlined /> {item.fileName}
                  </Typography.Link>
                  <Typography.Text type="secondary">{t(`consoleCensus.mode.${item.mode}`)}</Typography.Text>
                </div>
              ),
            },
            {
              key: 'status',
              title: t('consoleCensus.lists.status'),
              width: 120,
              render: (_, item) => (
                <Space size={4} wrap>
                  <ListStatusTag status={item.status} />
                  <ReplacedTag at={item.replacedAt} />
                </Space>
              ),
            },
            {
              key: 'rows',
              title: t('consoleCensus.lists.rowsTitle'),
              width: 164,
              align: 'right',
              render: (_, item) => <Counts values={[item.totalRows, item.writtenRows, item.errorRows, item.fileDuplicateRows]} alert={2} />,
            },
            {
              key: 'matching',
              title: t('consoleCensus.lists.matchingTitle'),
              width: 170,
              align: 'right',
              render: (_, item) => <Counts values={[item.newPeople, item.matchedPeople, item.probablePeople]} />,
            },
            {
              key: 'started',
              title: t('consoleCensus.lists.startedTitle'),
              width: 150,
              render: (_, item) => (
                <div className="gh-import-file">
                  <span>{formatDateTime(item.startedAt)}</span>
                  <Typography.Text type="secondary" ellipsis>
                    {item.staffName ?? t('common.none')}
                  </Typography.Text>
                </div>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              width: 96,
              render: (_, item) =>
                listHasReport(item) && (
                  <Button type="link" size="small" href={censusApi.listErrorsUrl(item.id)} download data-testid="census-list-errors">
                    {t('consoleCensus.lists.errorReport')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}

/** A list's area by its own name ("柯桥街道"), the server's full name ("浙江省绍兴市柯桥区柯桥街道") on hover. */
function AreaName({ code, fullName }: { code: string; fullName: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    resolveRegionPath(code)
      .then((path) => {
        if (!cancelled) setName(path.at(-1)?.name ?? null);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <Tooltip title={fullName}>
      <span>{name ?? fullName}</span>
    </Tooltip>
  );
}

/** Counts side by side as one cell reads them ("1,474 / 1,470 / 4 / 0"); the one at `alert` red when not 0. */
function Counts({ values, alert }: { values: readonly number[]; alert?: number }) {
  const { t } = useTranslation();
  return (
    <span className="gh-counts">
      {values.map((value, i) => (
        <span key={i}>
          {i > 0 && <span className="gh-counts-slash">{t('consoleCensus.lists.slash')}</span>}
          <span className={i === alert && value > 0 ? 'gh-counts-alert' : undefined}>{countText(value)}</span>
        </span>
      ))}
    </span>
  );
}
